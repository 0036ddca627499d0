import { randomUUID } from 'node:crypto';
import type { ApprovalRecord, ApprovalStatus } from '../../approvals/approval-record.js';
import { ApprovalNotFoundError } from '../../errors/approval-not-found-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { EventBridge } from '../../server/event-bridge.js';
import { errorBody } from '../../server/middleware/error-handler.js';
import { createServices } from '../../server/services/create-services.js';
import { type CliContext, type Command, integerOption, parseCommandArgs } from '../command.js';
import { openStore, storeSpec } from '../open-store.js';
import { prepare } from '../prepare.js';

const USAGE = `Usage: countersign approvals <list|show|approve|reject> [options]

  list     [--status pending] [--agent ID] [--run ID] [--role ROLE] [--limit 20] [--cursor C] [--json]
  show     <approvalId>
  approve  <approvalId> --as USER [--roles a,b] [--reason TEXT] [--no-continue] [--config FILE]
  reject   <approvalId> --as USER [--roles a,b] [--reason TEXT] [--no-continue] [--config FILE]

approve and reject resolve as the user named by --as with the roles of --roles, under the same rules
as the API (no self-approval, the approver role is required) and resume the run once all its gates
are decided (the agents come from --config, or the demo agent). The command line trusts its
operator, who holds the database.

Options:
  --db FILE|URL   SQLite file or postgres://...; default $DATABASE_URL or countersign.db
  -h, --help      show this help`;

const STATUSES = new Set(['pending', 'approved', 'rejected', 'expired', 'cancelled']);

function table(records: ApprovalRecord[]): string {
  const rows = records.map((record) => [
    record.id,
    record.status,
    record.toolName,
    record.requestedBy ?? '-',
    record.approverRole ?? '-',
    new Date(record.createdAt * 1000).toISOString().replace('.000Z', 'Z'),
    JSON.stringify(record.toolArgs).slice(0, 60),
  ]);
  const header = ['ID', 'STATUS', 'TOOL', 'REQUESTED BY', 'ROLE', 'CREATED', 'ARGS'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function requireId(subcommand: string, positionals: string[]): string {
  const id = positionals[1];
  if (id === undefined)
    throw new ValidationError(
      `approvals ${subcommand} needs an approval id. See \`countersign approvals --help\`.`,
    );
  return id;
}

async function resolve(
  subcommand: 'approve' | 'reject',
  id: string,
  values: Record<string, unknown>,
  context: CliContext,
): Promise<number> {
  const userId = values.as;
  if (typeof userId !== 'string' || userId === '') {
    throw new ValidationError(`approvals ${subcommand} needs --as USER: the id of the approver deciding.`);
  }
  const roles =
    typeof values.roles === 'string'
      ? values.roles
          .split(',')
          .map((role) => role.trim())
          .filter(Boolean)
      : [];
  const { db, config } = await prepare({
    db: values.db as string | undefined,
    config: values.config as string | undefined,
    migrate: false,
    logger: context.logger,
    env: context.env,
    cwd: context.cwd,
  });
  let bridge: EventBridge | undefined;
  try {
    const services = createServices({
      db,
      agents: config.agents,
      teams: config.teams,
      logger: context.logger,
    });
    // On a store shared by servers (PostgreSQL), their live pages see this resolution and the resume.
    if (db.notifications) {
      bridge = new EventBridge({
        bus: services.bus,
        db,
        notifications: db.notifications,
        instanceId: `cli-${randomUUID()}`,
        logger: context.logger,
        receive: false,
      });
      await bridge.start();
    }
    const outcome = await services.approvals.resolve({ userId, roles, via: 'cli' }, id, {
      status: subcommand === 'approve' ? 'approved' : 'rejected',
      ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
      continue: values['no-continue'] !== true,
    });
    const { approval } = outcome;
    context.print(
      `${approval.status} ${approval.id} (${approval.toolName} for ${approval.requestedBy ?? 'unknown'}) as ${userId}`,
    );
    if (outcome.continueError) {
      context.print(
        `run ${approval.runId} could not resume: ${errorBody(outcome.continueError).error.message}`,
      );
    } else if (outcome.run) {
      const waiting = (outcome.waitingFor ?? [])
        .map((item) => `${item.toolName} (${item.waitingFor})`)
        .join(', ');
      context.print(
        `run ${approval.runId}: ${outcome.run.status}${waiting ? `, waiting for ${waiting}` : ''}${outcome.run.content ? ` - ${outcome.run.content}` : ''}`,
      );
    } else {
      context.print(`run ${approval.runId}: ${approval.runStatus}`);
    }
    return 0;
  } finally {
    await bridge?.close();
    await db.close();
  }
}

/** `countersign approvals list|show|approve|reject`. */
export const approvalsCommand: Command = {
  name: 'approvals',
  summary: 'list, show, approve or reject approval records',
  usage: USAGE,
  async run(args: string[], context: CliContext): Promise<number> {
    const { values, positionals } = parseCommandArgs('approvals', args, {
      db: { type: 'string' },
      config: { type: 'string' },
      status: { type: 'string' },
      agent: { type: 'string' },
      run: { type: 'string' },
      role: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      json: { type: 'boolean' },
      as: { type: 'string' },
      roles: { type: 'string' },
      reason: { type: 'string' },
      'no-continue': { type: 'boolean' },
    });
    const subcommand = positionals[0];
    if (values.help || subcommand === undefined) {
      context.print(USAGE);
      return values.help ? 0 : 1;
    }
    if (subcommand === 'approve' || subcommand === 'reject') {
      return resolve(subcommand, requireId(subcommand, positionals), values, context);
    }
    if (subcommand !== 'list' && subcommand !== 'show') {
      throw new ValidationError(
        `Unknown subcommand 'approvals ${subcommand}'; use list, show, approve or reject.`,
      );
    }
    if (values.status !== undefined && !STATUSES.has(values.status)) {
      throw new ValidationError(
        `--status must be one of ${[...STATUSES].join(', ')}, got '${values.status}'.`,
      );
    }
    const db = await openStore(storeSpec(values.db, context.env));
    try {
      if (subcommand === 'show') {
        const id = requireId('show', positionals);
        const record = await db.getApproval(id);
        if (!record) throw new ApprovalNotFoundError(id);
        context.print(JSON.stringify(record, null, 2));
        return 0;
      }
      const limit = integerOption('limit', values.limit, 1, 500) ?? 20;
      const page = await db.getApprovals({
        limit,
        ...(values.status === undefined ? {} : { status: values.status as ApprovalStatus }),
        ...(values.agent === undefined ? {} : { agentId: values.agent }),
        ...(values.run === undefined ? {} : { runId: values.run }),
        ...(values.role === undefined ? {} : { approverRole: values.role }),
        ...(values.cursor === undefined ? {} : { cursor: values.cursor }),
      });
      if (values.json) context.print(JSON.stringify(page, null, 2));
      else if (page.items.length === 0) context.print('No approvals match.');
      else {
        context.print(table(page.items));
        if (page.nextCursor) context.print(`More: --cursor ${page.nextCursor}`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
