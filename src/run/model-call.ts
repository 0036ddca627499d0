import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FunctionTool,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { ModelError } from '../errors/model-error.js';
import type { EventSink } from './run-events.js';

/** Settings passed through to every model call. */
export interface ModelSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  seed?: number;
  providerOptions?: LanguageModelV3CallOptions['providerOptions'];
}

/** One tool call the model asked for. `input` is the raw JSON text the model produced. */
export interface ModelToolCall {
  toolCallId: string;
  toolName: string;
  input: string;
}

/** What one model call produced, the same whether it streamed or not. */
export interface ModelTurn {
  text: string;
  toolCalls: ModelToolCall[];
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
}

/** Inputs of {@link callModel}. */
export interface ModelCallRequest {
  model: LanguageModelV3;
  prompt: LanguageModelV3Prompt;
  tools: LanguageModelV3FunctionTool[] | undefined;
  settings: ModelSettings | undefined;
  abortSignal: AbortSignal | undefined;
  runId: string;
  /** Present: stream the answer and emit `text-delta` events. Absent: one `doGenerate` call. */
  sink: EventSink;
}

function callOptions(request: ModelCallRequest): LanguageModelV3CallOptions {
  const options: LanguageModelV3CallOptions = { prompt: request.prompt };
  if (request.tools) {
    options.tools = request.tools;
    options.toolChoice = { type: 'auto' };
  }
  if (request.abortSignal) options.abortSignal = request.abortSignal;
  if (request.settings) Object.assign(options, request.settings);
  return options;
}

function tokens(usage: LanguageModelV3Usage | undefined): { inputTokens: number; outputTokens: number } {
  return { inputTokens: usage?.inputTokens.total ?? 0, outputTokens: usage?.outputTokens.total ?? 0 };
}

function fromContent(content: LanguageModelV3Content[]): { text: string; toolCalls: ModelToolCall[] } {
  let text = '';
  const toolCalls: ModelToolCall[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call' && !part.providerExecuted) {
      toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
    }
  }
  return { text, toolCalls };
}

async function generate(request: ModelCallRequest): Promise<ModelTurn> {
  const result = await request.model.doGenerate(callOptions(request));
  return {
    ...fromContent(result.content),
    ...tokens(result.usage),
    finishReason: result.finishReason.unified,
  };
}

async function stream(request: ModelCallRequest, sink: NonNullable<EventSink>): Promise<ModelTurn> {
  const { stream: parts } = await request.model.doStream(callOptions(request));
  const reader = parts.getReader();
  const turn: ModelTurn = { text: '', toolCalls: [], inputTokens: 0, outputTokens: 0, finishReason: 'other' };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const part: LanguageModelV3StreamPart = value;
    if (part.type === 'text-delta') {
      turn.text += part.delta;
      sink({ type: 'text-delta', runId: request.runId, at: Date.now(), delta: part.delta });
    } else if (part.type === 'tool-call' && !part.providerExecuted) {
      turn.toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
    } else if (part.type === 'finish') {
      Object.assign(turn, tokens(part.usage));
      turn.finishReason = part.finishReason.unified;
    } else if (part.type === 'error') {
      throw part.error;
    }
  }
  return turn;
}

/** Calls the model once, streaming when an event sink listens. Provider failures become `ModelError`. */
export async function callModel(request: ModelCallRequest): Promise<ModelTurn> {
  try {
    return request.sink ? await stream(request, request.sink) : await generate(request);
  } catch (error) {
    if (request.abortSignal?.aborted) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ModelError(`The model ${request.model.provider}:${request.model.modelId} failed: ${detail}`, {
      cause: error,
    });
  }
}
