import type { JSONSchema7 } from '@ai-sdk/provider';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  ElicitRequestSchema,
  type Tool as McpTool,
} from '@modelcontextprotocol/sdk/types.js';
import { type ApprovalOptions, approval } from '../approvals/approval.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { type AnyTool, type ToolExecuteContext, tool } from '../tools/tool.js';
import type { Toolkit } from '../tools/toolkit.js';
import { requestUserInput } from '../tools/user-input-request.js';
import { McpElicitations } from './elicitation.js';

/** What a rule over an MCP server's tools sees of one tool. */
export type McpToolInfo = Pick<McpTool, 'name' | 'description' | 'title' | 'annotations' | 'inputSchema'>;

/** Options of {@link MCPTools}. Give a `transport`, or a `client` (connected, or with a `transport`). */
export interface MCPToolsOptions {
  /** An SDK `Client`. Already connected, or connected here when `transport` is given too. */
  client?: Client;
  /** An SDK transport (`StdioClientTransport`, `StreamableHTTPClientTransport`, ...). */
  transport?: Transport;
  /** Name of the toolkit, for errors (default: the server's name). */
  name?: string;
  /** Put before every tool name (e.g. `files_`), to keep two servers' tools apart. */
  prefix?: string;
  /** Only these tools of the server (by the server's names); unknown names are refused. */
  include?: readonly string[];
  /** Leave these tools out (by the server's names); unknown names are refused. */
  exclude?: readonly string[];
  /**
   * Tools whose calls the user confirms: a list of the server's tool names (an unknown name is a
   * `ConfigurationError`, so a typo never leaves a write tool ungated) or a rule over all tools.
   */
  requiresConfirmation?: readonly string[] | ((name: string, tool: McpToolInfo) => boolean);
  /** Tools under an admin approval: options by tool name (unknown names refused) or a rule. */
  approval?:
    | Readonly<Record<string, ApprovalOptions>>
    | ((name: string, tool: McpToolInfo) => ApprovalOptions | undefined);
  /**
   * Whether server elicitations become user-input pauses (default `true`). Calls to the server then
   * run one at a time, so each elicitation belongs to one call. `false` does not advertise the
   * capability and lets calls run concurrently.
   */
  elicitation?: boolean;
  /** Milliseconds a tool call may take (default: the SDK's 60 seconds). */
  timeoutMs?: number;
  /** Instructions for the model about these tools. */
  instructions?: string;
}

const TOOL_NAME = /[^a-zA-Z0-9_-]/g;
const CLIENT_INFO = { name: 'countersign', version: '0.1.0' };

function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : JSON.stringify(part))).join('\n');
}

/** What the model receives for a call's result: structured content, text, or the content parts. */
function resultValue(result: CallToolResult): unknown {
  if (result.isError === true) throw new Error(textOf(result) || 'the MCP tool reported an error');
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = result.content ?? [];
  if (content.every((part) => part.type === 'text')) return content.map((part) => part.text).join('\n');
  return content;
}

function checkNames(option: string, names: readonly string[], known: ReadonlySet<string>): void {
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `MCPTools ${option} names ${unknown.join(', ')}, which the server does not have (tools: ${[...known].join(', ') || 'none'}).`,
    );
  }
}

/**
 * The tools of an MCP server as Countersign tools, through the official SDK client (stdio,
 * streamable HTTP, any transport). Chosen tools pause like any other: `requiresConfirmation` and
 * `approval` by tool name or by a rule over all of them. An elicitation the server sends during a
 * call pauses the run with a `user_input` requirement on that call (see docs/mcp.md); the call
 * is issued again with the answers when the run continues.
 *
 * @example
 * const files = await mcpTools({
 *   transport: new StdioClientTransport({ command: 'node', args: ['files-server.js'] }),
 *   requiresConfirmation: ['write_file'],
 *   approval: { delete_file: { approverRole: 'ops' } },
 * });
 * const agent = new Agent({ model, tools: [files], db });
 * // ... later: await files.close();
 */
export class MCPTools implements Toolkit {
  readonly kind = 'countersign-toolkit' as const;
  readonly instructions: string | undefined;
  readonly #options: MCPToolsOptions;
  readonly #elicitations = new McpElicitations();
  #client: Client | undefined;
  #ownsClient = false;
  #elicits = false;
  #tools: readonly AnyTool[] | undefined;
  #connecting: Promise<this> | undefined;

  constructor(options: MCPToolsOptions) {
    if (!options || (options.client === undefined && options.transport === undefined)) {
      throw new ConfigurationError(
        'MCPTools needs a transport, or a client (connected, or with a transport).',
      );
    }
    this.#options = options;
    this.instructions = options.instructions;
  }

  /** The toolkit's name: the `name` option, else the server's name once connected. */
  get name(): string {
    return this.#options.name ?? this.#client?.getServerVersion()?.name ?? 'mcp';
  }

  /** The server's tools; `connect()` first. */
  get tools(): readonly AnyTool[] {
    if (this.#tools === undefined) {
      throw new ConfigurationError(
        `MCPTools ${this.name} is not connected: await connect() (or use mcpTools()).`,
      );
    }
    return this.#tools;
  }

  /** Connects (once), lists the server's tools and wraps them. */
  connect(): Promise<this> {
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  /** Closes the connection when this toolkit opened the client; a client you passed stays yours. */
  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client?.close();
    this.#tools = undefined;
    this.#connecting = undefined;
  }

  async #connect(): Promise<this> {
    const { transport, elicitation = true } = this.#options;
    const capabilities = elicitation ? { elicitation: { form: {} } } : {};
    let client = this.#options.client;
    if (client === undefined) {
      client = new Client(CLIENT_INFO, { capabilities });
      this.#ownsClient = true;
    } else if (transport !== undefined) client.registerCapabilities(capabilities);
    this.#client = client;
    this.#elicits = elicitation && this.#handleElicitations(client);
    try {
      if (transport !== undefined) await client.connect(transport);
      else if (client.getServerVersion() === undefined) {
        throw new ConfigurationError(
          'MCPTools got a client that is not connected and no transport to connect it with.',
        );
      }
      const listed: McpTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        listed.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      this.#tools = Object.freeze(this.#wrap(listed));
    } catch (error) {
      // A toolkit that failed to connect leaves no server process or socket behind.
      if (this.#ownsClient) await client.close().catch(() => undefined);
      throw error;
    }
    return this;
  }

  /** Installs the elicitation handler; `false` when the client cannot take one (no capability). */
  #handleElicitations(client: Client): boolean {
    try {
      client.setRequestHandler(ElicitRequestSchema, (request) => this.#elicitations.handle(request.params));
      return true;
    } catch {
      return false;
    }
  }

  #wrap(listed: McpTool[]): AnyTool[] {
    const options = this.#options;
    const known = new Set(listed.map((entry) => entry.name));
    checkNames('include', options.include ?? [], known);
    checkNames('exclude', options.exclude ?? [], known);
    if (Array.isArray(options.requiresConfirmation))
      checkNames('requiresConfirmation', options.requiresConfirmation, known);
    const approvals = options.approval;
    if (approvals !== undefined && typeof approvals !== 'function')
      checkNames('approval', Object.keys(approvals), known);
    const chosen = listed.filter(
      (entry) =>
        (options.include === undefined || options.include.includes(entry.name)) &&
        !(options.exclude ?? []).includes(entry.name),
    );
    const names = new Map<string, string>();
    return chosen.map((entry) => {
      const name = `${options.prefix ?? ''}${entry.name}`.replace(TOOL_NAME, '_').slice(0, 64);
      const clash = names.get(name);
      if (clash !== undefined) {
        throw new ConfigurationError(
          `MCP tools ${clash} and ${entry.name} both become ${name}; use include or exclude to keep one.`,
        );
      }
      names.set(name, entry.name);
      const confirm = options.requiresConfirmation;
      const requiresConfirmation =
        typeof confirm === 'function'
          ? confirm(entry.name, entry) === true
          : (confirm ?? []).includes(entry.name);
      const { $schema: _ignored, ...inputSchema } = entry.inputSchema as JSONSchema7 & { $schema?: string };
      const made = tool({
        name,
        description: entry.description ?? entry.title,
        inputSchema: inputSchema as JSONSchema7,
        requiresConfirmation,
        execute: (args, context) => this.#call(entry.name, args, context),
      });
      const policy = typeof approvals === 'function' ? approvals(entry.name, entry) : approvals?.[entry.name];
      return policy === undefined ? made : approval(policy, made);
    });
  }

  async #call(name: string, args: Record<string, unknown>, context: ToolExecuteContext): Promise<unknown> {
    const client = this.#client;
    if (client === undefined || this.#tools === undefined) {
      throw new Error(`MCPTools ${this.name} is closed; connect it again to call ${name}.`);
    }
    const request = () =>
      client.callTool(
        { name, arguments: args, _meta: { 'countersign/idempotencyKey': context.idempotencyKey } },
        undefined,
        {
          ...(context.abortSignal === undefined ? {} : { signal: context.abortSignal }),
          ...(this.#options.timeoutMs === undefined ? {} : { timeout: this.#options.timeoutMs }),
        },
      ) as Promise<CallToolResult>;
    if (!this.#elicits) return resultValue(await request());
    const { result, pending } = await this.#elicitations.run(context.userInput ?? [], request);
    // The server was told "cancel"; whatever it answered to that is not the call's result.
    if (pending !== undefined) return requestUserInput(pending);
    return resultValue(result);
  }
}

/**
 * Connects to an MCP server and returns its tools as a toolkit for `new Agent({ tools: [...] })`.
 *
 * @example
 * const tools = await mcpTools({ transport, requiresConfirmation: (name, tool) => !tool.annotations?.readOnlyHint });
 */
export function mcpTools(options: MCPToolsOptions): Promise<MCPTools> {
  return new MCPTools(options).connect();
}
