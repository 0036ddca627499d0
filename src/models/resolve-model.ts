import type { LanguageModelV3 } from '@ai-sdk/provider';
import { ConfigurationError } from '../errors/configuration-error.js';

/** A model: any AI SDK `LanguageModelV3`, or a `"provider:model"` string such as `"openai:gpt-4o-mini"`. */
export type ModelReference = LanguageModelV3 | string;

const cache = new Map<string, Promise<LanguageModelV3>>();

/** Package and export names of providers whose names differ from `@ai-sdk/<provider>` / `<provider>`. */
const PROVIDER_EXPORTS: Record<string, string> = {
  'amazon-bedrock': 'bedrock',
  'google-vertex': 'vertex',
  togetherai: 'togetherai',
  fireworks: 'fireworks',
};

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function isLanguageModel(value: unknown): value is LanguageModelV3 {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as LanguageModelV3).specificationVersion === 'v3' &&
    typeof (value as LanguageModelV3).doGenerate === 'function'
  );
}

async function load(reference: string): Promise<LanguageModelV3> {
  const separator = reference.indexOf(':');
  if (separator <= 0 || separator === reference.length - 1) {
    throw new ConfigurationError(
      `Model ${JSON.stringify(reference)} is not of the form "provider:model" (for example "openai:gpt-4o-mini").`,
    );
  }
  const provider = reference.slice(0, separator);
  const modelId = reference.slice(separator + 1);
  const packageName = `@ai-sdk/${provider}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(packageName)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigurationError(
      `Model "${reference}" needs the AI SDK provider package ${packageName}: run \`npm install ${packageName}\`.`,
      { cause: error },
    );
  }
  const factory = module[PROVIDER_EXPORTS[provider] ?? camelCase(provider)];
  if (typeof factory !== 'function') {
    throw new ConfigurationError(
      `${packageName} has no default provider export named ${PROVIDER_EXPORTS[provider] ?? camelCase(provider)}; pass a model instance instead of "${reference}".`,
    );
  }
  const model: unknown = factory(modelId);
  if (!isLanguageModel(model)) {
    throw new ConfigurationError(
      `${packageName} returned a model that does not implement the AI SDK LanguageModelV3 spec; install a provider version built for ai@6.`,
    );
  }
  return model;
}

/**
 * Resolves a model reference once: instances are returned as they are, strings are loaded from
 * the matching `@ai-sdk/<provider>` package and cached per process.
 */
export function resolveModel(reference: ModelReference): LanguageModelV3 | Promise<LanguageModelV3> {
  if (typeof reference !== 'string') {
    if (!isLanguageModel(reference)) {
      throw new ConfigurationError(
        'The agent\'s model must be an AI SDK LanguageModelV3 (specificationVersion "v3") or a "provider:model" string.',
      );
    }
    return reference;
  }
  let pending = cache.get(reference);
  if (!pending) {
    pending = load(reference);
    cache.set(reference, pending);
    pending.catch(() => cache.delete(reference));
  }
  return pending;
}
