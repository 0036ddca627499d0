import type { ModerationFunction, ModerationResult } from './moderation-result.js';

/** Options of {@link openAIModeration}; each falls back to the environment as the AI SDK does. */
export interface OpenAIModerationOptions {
  /** Default `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Default `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Default `omni-moderation-latest`. */
  model?: string;
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
  /** Milliseconds before the call is abandoned (default 10,000); a timeout is an error. */
  timeoutMs?: number;
}

interface ModerationResponse {
  results?: Array<{ flagged?: unknown; categories?: unknown }>;
}

/**
 * A moderation function backed by OpenAI's moderation endpoint (`POST {baseURL}/moderations`).
 * It throws when the key is missing, the call fails or the answer is malformed, so that the
 * guardrail using it fails closed.
 */
export function openAIModeration(options: OpenAIModerationOptions = {}): ModerationFunction {
  return async (text: string): Promise<ModerationResult> => {
    const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
    if (!apiKey) {
      throw new Error('no OpenAI API key: set OPENAI_API_KEY or pass apiKey to the moderation guardrail');
    }
    const baseURL = (options.baseURL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1').replace(
      /\/+$/,
      '',
    );
    const call = options.fetch ?? fetch;
    const response = await call(`${baseURL}/moderations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model: options.model ?? 'omni-moderation-latest', input: text }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`the moderation endpoint answered HTTP ${response.status}`);
    const body = (await response.json()) as ModerationResponse;
    const result = body.results?.[0];
    if (result === undefined || typeof result.flagged !== 'boolean') {
      throw new Error('the moderation endpoint answered without results[0].flagged');
    }
    const categories =
      typeof result.categories === 'object' && result.categories !== null
        ? Object.fromEntries(
            Object.entries(result.categories as Record<string, unknown>).map(([name, value]) => [
              name,
              value === true,
            ]),
          )
        : {};
    return { flagged: result.flagged, categories };
  };
}
