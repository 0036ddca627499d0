import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ModelSettings } from '../run/model-call.js';
import type { SpanAttributeValue } from './span-record.js';

/**
 * The attribute names Countersign's spans carry: the OpenTelemetry GenAI semantic conventions
 * (`gen_ai.*`, `error.type`) and Countersign's own gating attributes (`countersign.*`).
 */
export const SPAN_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTopP: 'gen_ai.request.top_p',
  requestSeed: 'gen_ai.request.seed',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  agentId: 'gen_ai.agent.id',
  agentName: 'gen_ai.agent.name',
  conversationId: 'gen_ai.conversation.id',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  errorType: 'error.type',
  runId: 'countersign.run.id',
  runLeg: 'countersign.run.leg',
  runStatus: 'countersign.run.status',
  teamId: 'countersign.team.id',
  toolOutcome: 'countersign.tool.outcome',
  toolPaused: 'countersign.tool.paused',
  toolReused: 'countersign.tool.reused',
  toolDecision: 'countersign.tool.decision',
  decisionSource: 'countersign.decision.source',
  argsEdited: 'countersign.tool.args_edited',
  requirementId: 'countersign.requirement.id',
  requirementKind: 'countersign.requirement.kind',
  approvalId: 'countersign.approval.id',
  approvalType: 'countersign.approval.type',
} as const;

/** AI SDK provider ids (first segment, or a longer prefix) and their `gen_ai.provider.name`. */
const PROVIDER_NAMES: Array<[prefix: string, name: string]> = [
  ['google.vertex', 'gcp.vertex_ai'],
  ['vertex', 'gcp.vertex_ai'],
  ['google', 'gcp.gemini'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['bedrock', 'aws.bedrock'],
  ['azure', 'azure.ai.openai'],
  ['mistral', 'mistral_ai'],
  ['xai', 'x_ai'],
];

/** Answers of {@link genAiProviderName}, by AI SDK provider id. */
const providerNames = new Map<string, string>();

/**
 * The `gen_ai.provider.name` of an AI SDK model: the well-known value of the conventions where
 * one exists (`openai.chat` -> `openai`, `google.generative-ai` -> `gcp.gemini`), otherwise the
 * first segment of the provider id.
 */
export function genAiProviderName(provider: string): string {
  let name = providerNames.get(provider);
  if (name === undefined) {
    const dot = provider.indexOf('.');
    name = dot === -1 ? provider : provider.slice(0, dot);
    for (const [prefix, known] of PROVIDER_NAMES) {
      if (provider === prefix || provider.startsWith(`${prefix}.`) || provider.startsWith(`${prefix}-`)) {
        name = known;
        break;
      }
    }
    // A process talks to a handful of providers: remember each answer.
    if (providerNames.size < 64) providerNames.set(provider, name);
  }
  return name;
}

/** The request attributes of a `chat` span: model, provider and the settings that were set. */
export function chatAttributes(
  model: LanguageModelV3,
  settings: ModelSettings | undefined,
  sessionId: string,
): Record<string, SpanAttributeValue> {
  const attributes: Record<string, SpanAttributeValue> = {
    [SPAN_ATTRIBUTES.operationName]: 'chat',
    [SPAN_ATTRIBUTES.providerName]: genAiProviderName(model.provider),
    [SPAN_ATTRIBUTES.requestModel]: model.modelId,
    [SPAN_ATTRIBUTES.conversationId]: sessionId,
  };
  if (settings?.temperature !== undefined)
    attributes[SPAN_ATTRIBUTES.requestTemperature] = settings.temperature;
  if (settings?.maxOutputTokens !== undefined)
    attributes[SPAN_ATTRIBUTES.requestMaxTokens] = settings.maxOutputTokens;
  if (settings?.topP !== undefined) attributes[SPAN_ATTRIBUTES.requestTopP] = settings.topP;
  if (settings?.seed !== undefined) attributes[SPAN_ATTRIBUTES.requestSeed] = settings.seed;
  return attributes;
}

/** The AI SDK's unified finish reason as the conventions spell them (`tool-calls` -> `tool_calls`). */
export function finishReason(reason: string): string {
  return reason.replaceAll('-', '_');
}
