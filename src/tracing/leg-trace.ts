import {
  type Context,
  context,
  isSpanContextValid,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { ModelTurn } from '../run/model-call.js';
import type { RequirementData, RunDocument, RunStatus, ToolCallRecord } from '../run/run-document.js';
import type { AgentRuntime } from '../run/run-runtime.js';
import {
  SPAN_ATTRIBUTES as A,
  chatAttributes,
  finishReason,
  genAiProviderName,
} from './gen-ai-attributes.js';
import type { SpanAttributeValue, SpanRecord } from './span-record.js';
import { newSpanId, newTraceId } from './trace-ids.js';

/** A span that has started and not ended yet. */
export interface OpenSpan {
  record: SpanRecord;
  /** The OpenTelemetry span, when a tracer provider is registered. */
  otel: Span | undefined;
  /** The context with {@link otel} active, for the work the span covers (see `withSpan`). */
  context: Context | undefined;
}

/** The tool call a span describes. */
interface ToolCallIdentity {
  toolCallId: string;
  toolName: string;
}

const OTEL_KINDS = { internal: SpanKind.INTERNAL, client: SpanKind.CLIENT } as const;

/** Unix milliseconds with microsecond precision. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

function errorText(error: unknown): { type: string; message: string } {
  return error instanceof Error
    ? { type: error.name, message: error.message }
    : { type: 'Error', message: String(error) };
}

/**
 * The trace of one leg of a run (from `run()` or `continueRun()` to the pause or the end): an
 * `invoke_agent` span with a `chat` span per model call and an `execute_tool` span per tool call
 * beneath it. Each span goes to the OpenTelemetry API when a tracer provider is registered (its
 * ids are then OpenTelemetry's) and is kept as a {@link SpanRecord} for the store, which receives
 * the leg's spans in one batch at the end ({@link flush}).
 *
 * The first leg opens a new trace and records its id and root span in the run document; a
 * continuation, in any process, becomes a child of that root span in the same trace. The span
 * active in the caller's context (an HTTP request, say) is linked rather than made the parent:
 * a run can outlive it by weeks.
 */
export class LegTrace {
  readonly traceId: string;
  readonly spanId: string;
  /** The finished spans, until the tracer hands them to the store's writer when the leg ends. */
  readonly spans: SpanRecord[] = [];
  readonly #tracer: Tracer | undefined;
  readonly #context: Context | undefined;
  readonly #document: RunDocument;
  readonly #runtime: AgentRuntime;
  readonly #leg: OpenSpan;
  readonly #open = new Set<OpenSpan>();
  /** The decided requirements of a continuation, by tool call id. */
  readonly #decisions = new Map<string, RequirementData>();
  #inputTokens = 0;
  #outputTokens = 0;
  #ended = false;

  constructor(runtime: AgentRuntime, document: RunDocument, tracer: Tracer | undefined) {
    this.#runtime = runtime;
    this.#document = document;
    const stored = document.trace;
    const continuation = stored !== undefined;
    for (const requirement of document.requirements) this.#decisions.set(requirement.toolCallId, requirement);
    const attributes: Record<string, SpanAttributeValue> = {
      [A.operationName]: 'invoke_agent',
      [A.agentId]: runtime.id,
      [A.agentName]: runtime.name ?? runtime.id,
      [A.conversationId]: document.sessionId,
      [A.providerName]: genAiProviderName(runtime.model.provider),
      [A.requestModel]: runtime.model.modelId,
      [A.runId]: document.runId,
      [A.runLeg]: continuation ? 'continue' : 'start',
    };
    if (document.teamId !== undefined) attributes[A.teamId] = document.teamId;
    const name = `invoke_agent ${runtime.name ?? runtime.id}`;
    const startTime = now();
    let otel: Span | undefined;
    if (tracer !== undefined) {
      const active = context.active();
      const caller = trace.getSpanContext(active);
      const links: Link[] = caller !== undefined && isSpanContextValid(caller) ? [{ context: caller }] : [];
      const parent = continuation
        ? trace.setSpanContext(active, {
            traceId: stored.traceId,
            spanId: stored.spanId,
            traceFlags: TraceFlags.SAMPLED,
            isRemote: true,
          })
        : active;
      const span = tracer.startSpan(
        name,
        { kind: SpanKind.INTERNAL, attributes, startTime, links, root: !continuation },
        parent,
      );
      const ids = span.spanContext();
      // A no-op tracer (no provider behind the API) hands back invalid or the parent's ids.
      if (isSpanContextValid(ids) && ids.spanId !== stored?.spanId && ids.spanId !== caller?.spanId) {
        otel = span;
        this.#tracer = tracer;
        this.#context = trace.setSpan(active, span);
      }
    }
    this.traceId = otel?.spanContext().traceId ?? stored?.traceId ?? newTraceId();
    this.spanId = otel?.spanContext().spanId ?? newSpanId();
    if (!continuation) document.trace = { traceId: this.traceId, spanId: this.spanId };
    this.#leg = {
      record: this.#record(
        this.spanId,
        continuation ? stored.spanId : null,
        name,
        'internal',
        startTime,
        attributes,
      ),
      otel,
      context: this.#context,
    };
  }

  /** Starts the `chat <model>` span of one model call. */
  startModelCall(): OpenSpan {
    const { model, modelSettings } = this.#runtime;
    return this.#start(
      `chat ${model.modelId}`,
      'client',
      chatAttributes(model, modelSettings, this.#document.sessionId),
    );
  }

  /** Ends a model call's span with its token usage and finish reason. */
  endModelCall(span: OpenSpan, turn: ModelTurn): void {
    this.#inputTokens += turn.inputTokens;
    this.#outputTokens += turn.outputTokens;
    this.#end(span, {
      [A.inputTokens]: turn.inputTokens,
      [A.outputTokens]: turn.outputTokens,
      [A.responseFinishReasons]: [finishReason(turn.finishReason)],
    });
  }

  /** Starts the `execute_tool <tool>` span of a call about to execute. */
  startToolCall(call: ToolCallIdentity): OpenSpan {
    return this.#start(`execute_tool ${call.toolName}`, 'internal', this.#toolAttributes(call));
  }

  /** Ends a tool call's span with its outcome (`reused`: the journal already held the result). */
  endToolCall(span: OpenSpan, record: ToolCallRecord, reused = false): void {
    const attributes: Record<string, SpanAttributeValue> = { [A.toolOutcome]: record.outcome };
    if (reused) attributes[A.toolReused] = true;
    const failed = record.isError && record.outcome !== 'rejected';
    if (failed) attributes[A.errorType] = record.outcome === 'failed' ? 'tool_error' : record.outcome;
    const message = typeof record.result === 'string' ? record.result : JSON.stringify(record.result);
    this.#end(span, attributes, failed ? { message: message ?? 'failed' } : undefined);
  }

  /** Records a tool call that got its result without executing here: invalid, rejected, external. */
  recordToolCall(record: ToolCallRecord): void {
    this.endToolCall(this.startToolCall(record), record);
  }

  /** Records a gated call the run pauses on (nothing executes until it is decided). */
  recordPause(requirement: RequirementData): void {
    const span = this.#start(`execute_tool ${requirement.toolName}`, 'internal', {
      ...this.#toolAttributes(requirement),
      [A.requirementId]: requirement.id,
      [A.requirementKind]: requirement.kind,
      ...(requirement.approvalId === undefined ? {} : { [A.approvalId]: requirement.approvalId }),
      ...(requirement.approvalType === undefined ? {} : { [A.approvalType]: requirement.approvalType }),
    });
    this.#end(span, { [A.toolPaused]: true, [A.toolOutcome]: 'paused' });
  }

  /** Ends the leg: its status (`paused`, `completed`) and the tokens of its model calls. */
  end(status: RunStatus): void {
    this.#end(this.#leg, this.#legAttributes(status));
  }

  /** Ends the leg as failed; spans still open (the call that threw) end failed too. */
  fail(error: unknown): void {
    const { type, message } = errorText(error);
    for (const span of [...this.#open]) this.#end(span, { [A.errorType]: type }, { message });
    this.#end(this.#leg, { ...this.#legAttributes('error'), [A.errorType]: type }, { message });
  }

  #legAttributes(status: RunStatus): Record<string, SpanAttributeValue> {
    return {
      [A.runStatus]: status,
      [A.inputTokens]: this.#inputTokens,
      [A.outputTokens]: this.#outputTokens,
    };
  }

  #toolAttributes(call: ToolCallIdentity): Record<string, SpanAttributeValue> {
    const attributes: Record<string, SpanAttributeValue> = {
      [A.operationName]: 'execute_tool',
      [A.toolName]: call.toolName,
      [A.toolCallId]: call.toolCallId,
      [A.toolType]: 'function',
    };
    const requirement = this.#decisions.get(call.toolCallId);
    const decision = requirement?.decision;
    if (requirement === undefined || decision === undefined) return attributes;
    attributes[A.requirementId] = requirement.id;
    attributes[A.requirementKind] = requirement.kind;
    attributes[A.toolDecision] = decision.confirmed ? 'confirmed' : 'rejected';
    attributes[A.decisionSource] = decision.source ?? 'user';
    if (decision.editedArgs !== undefined) attributes[A.argsEdited] = true;
    if (requirement.approvalId !== undefined) attributes[A.approvalId] = requirement.approvalId;
    if (requirement.approvalType !== undefined) attributes[A.approvalType] = requirement.approvalType;
    return attributes;
  }

  #start(
    name: string,
    kind: 'internal' | 'client',
    attributes: Record<string, SpanAttributeValue>,
  ): OpenSpan {
    const startTime = now();
    let otel: Span | undefined;
    let spanId: string | undefined;
    if (this.#tracer !== undefined) {
      otel = this.#tracer.startSpan(name, { kind: OTEL_KINDS[kind], attributes, startTime }, this.#context);
      const ids = otel.spanContext();
      if (isSpanContextValid(ids)) spanId = ids.spanId;
    }
    const span: OpenSpan = {
      record: this.#record(spanId ?? newSpanId(), this.spanId, name, kind, startTime, attributes),
      otel,
      context: otel === undefined ? undefined : trace.setSpan(this.#context ?? context.active(), otel),
    };
    this.#open.add(span);
    return span;
  }

  #end(span: OpenSpan, attributes: Record<string, SpanAttributeValue>, error?: { message: string }): void {
    if (span === this.#leg) {
      if (this.#ended) return;
      this.#ended = true;
    } else if (!this.#open.delete(span)) return;
    const endTime = now();
    const record = span.record;
    Object.assign(record.attributes, attributes);
    record.endTime = endTime;
    record.durationMs = endTime - record.startTime;
    if (error !== undefined) {
      record.status = 'error';
      record.statusMessage = error.message;
    }
    if (span.otel !== undefined) {
      span.otel.setAttributes(attributes);
      if (error !== undefined) span.otel.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.otel.end(endTime);
    }
    this.spans.push(record);
  }

  #record(
    spanId: string,
    parentSpanId: string | null,
    name: string,
    kind: 'internal' | 'client',
    startTime: number,
    attributes: Record<string, SpanAttributeValue>,
  ): SpanRecord {
    const document = this.#document;
    const record: SpanRecord = {
      traceId: this.traceId,
      spanId,
      parentSpanId,
      name,
      kind,
      startTime,
      endTime: startTime,
      durationMs: 0,
      status: 'unset',
      // The record owns the object (every caller builds a fresh one); OpenTelemetry copies it at start.
      attributes,
      runId: document.runId,
      agentId: document.agentId,
      sessionId: document.sessionId,
    };
    if (document.teamId !== undefined) record.teamId = document.teamId;
    return record;
  }
}
