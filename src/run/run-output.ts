import type { LanguageModelV3Message } from '@ai-sdk/provider';
import type {
  HookDecision,
  RunDocument,
  RunErrorInfo,
  RunStatus,
  RunUsage,
  ToolCallRecord,
} from './run-document.js';
import { RunRequirement } from './run-requirement.js';

/**
 * The result of `run()`, `continueRun()` or `getRun()`: a view over the run's document. When the
 * run is paused, {@link activeRequirements} lists what it waits for.
 */
export class RunOutput {
  readonly #document: RunDocument;
  #requirements: RunRequirement[] | undefined;

  /** Wraps a run document (not copied: decisions made on requirements write into it). */
  constructor(document: RunDocument) {
    this.#document = document;
  }

  get runId(): string {
    return this.#document.runId;
  }
  get agentId(): string {
    return this.#document.agentId;
  }
  get teamId(): string | undefined {
    return this.#document.teamId;
  }
  get sessionId(): string {
    return this.#document.sessionId;
  }
  get userId(): string | undefined {
    return this.#document.userId;
  }
  get status(): RunStatus {
    return this.#document.status;
  }
  get isPaused(): boolean {
    return this.#document.status === 'paused';
  }
  /** The final answer; on pause, a sentence saying what the run waits for. */
  get content(): string | undefined {
    return this.#document.content;
  }
  /** The user's message that started the run. */
  get input(): string {
    return this.#document.input;
  }
  /** The model-facing conversation (without the system prompt). */
  get messages(): readonly LanguageModelV3Message[] {
    return this.#document.messages;
  }
  /** Tool calls that have a result (executed, rejected, external or invalid), in order. */
  get toolCalls(): readonly ToolCallRecord[] {
    return this.#document.toolCalls;
  }
  get usage(): RunUsage {
    return this.#document.usage;
  }
  /** Model calls made. */
  get steps(): number {
    return this.#document.step;
  }
  get error(): RunErrorInfo | undefined {
    return this.#document.error;
  }
  get metadata(): Record<string, unknown> | undefined {
    return this.#document.metadata;
  }
  /** Guardrail and hook decisions that stopped or changed the run (masked input, a block, a failed hook). */
  get hookDecisions(): readonly HookDecision[] {
    return this.#document.hookDecisions ?? [];
  }
  /** Unix seconds. */
  get createdAt(): number {
    return this.#document.createdAt;
  }
  /** Unix seconds. */
  get updatedAt(): number {
    return this.#document.updatedAt;
  }

  /** Every requirement of the paused step, resolved or not. Pass these to `continueRun`. */
  get requirements(): RunRequirement[] {
    this.#requirements ??= this.#document.requirements.map((data) => new RunRequirement(data));
    return this.#requirements;
  }
  /** The requirements still waiting for a decision. */
  get activeRequirements(): RunRequirement[] {
    return this.requirements.filter((requirement) => !requirement.isResolved);
  }

  /** The underlying document (for stores and servers). */
  toDocument(): RunDocument {
    return this.#document;
  }

  /** A plain JSON view for APIs and logs. */
  toJSON(): Record<string, unknown> {
    const document = this.#document;
    return {
      runId: document.runId,
      agentId: document.agentId,
      teamId: document.teamId,
      sessionId: document.sessionId,
      userId: document.userId,
      status: document.status,
      isPaused: this.isPaused,
      input: document.input,
      content: document.content,
      toolCalls: document.toolCalls,
      requirements: document.requirements,
      usage: document.usage,
      steps: document.step,
      error: document.error,
      metadata: document.metadata,
      hookDecisions: document.hookDecisions,
      createdAt: document.createdAt,
      updatedAt: document.updatedAt,
    };
  }
}
