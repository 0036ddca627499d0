import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';

/** One tool call a scripted turn makes. `args` may be an object or raw (possibly invalid) JSON text. */
export interface ScriptedToolCall {
  toolName: string;
  args?: Record<string, unknown> | string;
  /** Defaults to `call_<step>_<index>`, stable across processes. */
  toolCallId?: string;
}

/** One answer of the model: text, tool calls, or both. */
export interface ScriptedTurn {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Throw this instead of answering (to test provider failures). */
  error?: Error;
}

/** What a turn function sees: the prompt and which assistant turn of the conversation this is. */
export interface ScriptedTurnContext {
  prompt: LanguageModelV3Prompt;
  /** Assistant messages already in the prompt (0 for the first call of a run). */
  step: number;
  /** Tool results of the last tool message in the prompt, as text. */
  lastToolResults: { toolCallId: string; toolName: string; text: string; isError: boolean }[];
}

/** A script: turns played by conversation step, or a function choosing the turn. */
export type Script = ScriptedTurn[] | ((context: ScriptedTurnContext) => ScriptedTurn);

function lastToolResults(prompt: LanguageModelV3Prompt): ScriptedTurnContext['lastToolResults'] {
  const last = prompt.at(-1);
  if (last?.role !== 'tool') return [];
  return last.content.flatMap((part) => {
    if (part.type !== 'tool-result') return [];
    const output = part.output;
    const isError =
      output.type === 'error-text' || output.type === 'error-json' || output.type === 'execution-denied';
    const text =
      output.type === 'text' || output.type === 'error-text'
        ? output.value
        : output.type === 'execution-denied'
          ? (output.reason ?? 'denied')
          : JSON.stringify('value' in output ? output.value : output);
    return [{ toolCallId: part.toolCallId, toolName: part.toolName, text, isError }];
  });
}

/**
 * A deterministic AI SDK `LanguageModelV3` for tests and offline demos. The turn played is chosen
 * by the number of assistant messages already in the prompt, so one instance serves many runs at
 * once, and a run paused in one process resumes in another with the same script.
 *
 * @example
 * const model = new ScriptedModel([
 *   { toolCalls: [{ toolName: 'restart_service', args: { serviceName: 'billing' } }] },
 *   { text: 'Done.' },
 * ]);
 */
export class ScriptedModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls = {};
  /**
   * The options of the most recent calls (prompts included), oldest first, for assertions. At
   * most {@link ScriptedModel.MAX_RECORDED_CALLS} are kept, so a long-running demo does not grow.
   */
  readonly calls: LanguageModelV3CallOptions[] = [];
  /** How many calls {@link calls} keeps. */
  static readonly MAX_RECORDED_CALLS = 1000;
  readonly #script: Script;

  constructor(script: Script, options: { provider?: string; modelId?: string } = {}) {
    this.#script = script;
    this.provider = options.provider ?? 'scripted';
    this.modelId = options.modelId ?? 'scripted-model';
  }

  #turn(options: LanguageModelV3CallOptions): { content: LanguageModelV3Content[]; turn: ScriptedTurn } {
    if (this.calls.length >= ScriptedModel.MAX_RECORDED_CALLS) this.calls.shift();
    this.calls.push(options);
    const step = options.prompt.filter((message) => message.role === 'assistant').length;
    const script = this.#script;
    const turn =
      typeof script === 'function'
        ? script({ prompt: options.prompt, step, lastToolResults: lastToolResults(options.prompt) })
        : script[step];
    if (!turn) {
      throw new Error(
        `ScriptedModel has no turn for step ${step} (the script has ${Array.isArray(script) ? script.length : 0}).`,
      );
    }
    if (turn.error) throw turn.error;
    const content: LanguageModelV3Content[] = [];
    if (turn.text) content.push({ type: 'text', text: turn.text });
    (turn.toolCalls ?? []).forEach((call, index) => {
      content.push({
        type: 'tool-call',
        toolCallId: call.toolCallId ?? `call_${step}_${index}`,
        toolName: call.toolName,
        input: typeof call.args === 'string' ? call.args : JSON.stringify(call.args ?? {}),
      });
    });
    return { content, turn };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { content, turn } = this.#turn(options);
    const hasCalls = content.some((part) => part.type === 'tool-call');
    return {
      content,
      finishReason: { unified: hasCalls ? 'tool-calls' : 'stop', raw: undefined },
      usage: usageOf(turn),
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { content, turn } = this.#turn(options);
    const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    for (const part of content) {
      if (part.type === 'text') {
        parts.push({ type: 'text-start', id: 'text-0' });
        for (const piece of part.text.match(/\S+\s*|\s+/g) ?? [])
          parts.push({ type: 'text-delta', id: 'text-0', delta: piece });
        parts.push({ type: 'text-end', id: 'text-0' });
      } else if (part.type === 'tool-call') {
        parts.push(part);
      }
    }
    const hasCalls = content.some((part) => part.type === 'tool-call');
    parts.push({
      type: 'finish',
      usage: usageOf(turn),
      finishReason: { unified: hasCalls ? 'tool-calls' : 'stop', raw: undefined },
    });
    return {
      stream: new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  }
}

function usageOf(turn: ScriptedTurn): LanguageModelV3GenerateResult['usage'] {
  const input = turn.usage?.inputTokens ?? 10;
  const output = turn.usage?.outputTokens ?? 5;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}
