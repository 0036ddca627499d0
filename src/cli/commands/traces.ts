import { ValidationError } from '../../errors/validation-error.js';
import { type CliContext, type Command, parseCommandArgs } from '../command.js';
import { openStore, storeSpec } from '../open-store.js';

const USAGE = `Usage: countersign traces <prune|list> [options]

  prune --older-than AGE   delete traces whose last span ended more than AGE ago (e.g. 90d, 12h, 2w,
                           or seconds); runs, approval records and the audit log are never touched
  list [--run ID]          the newest traces (id, run, name, spans, duration, tokens)

Options:
  --db FILE|URL   SQLite file or postgres://...; default $DATABASE_URL or countersign.db
  -h, --help      show this help`;

/** A duration as the store takes it: a number of seconds, or a string such as `90d`. */
function parseAge(value: string): number | string {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (/^\d+(s|m|h|d|w)$/.test(trimmed)) return trimmed;
  throw new ValidationError(
    `--older-than ${value} is not a duration; use seconds or a number with s, m, h, d or w (e.g. 90d).`,
    [{ path: 'older-than', message: 'must be a duration such as 90d' }],
  );
}

/** `countersign traces prune|list`. */
export const tracesCommand: Command = {
  name: 'traces',
  summary: 'prune old traces (retention) or list the newest',
  usage: USAGE,
  async run(args: string[], context: CliContext): Promise<number> {
    const { values, positionals } = parseCommandArgs('traces', args, {
      db: { type: 'string' },
      'older-than': { type: 'string' },
      run: { type: 'string' },
    });
    const subcommand = positionals[0];
    if (values.help || subcommand === undefined) {
      context.print(USAGE);
      return values.help ? 0 : 1;
    }
    if (subcommand !== 'prune' && subcommand !== 'list') {
      throw new ValidationError(`Unknown subcommand 'traces ${subcommand}'; use prune or list.`);
    }
    const olderThan = values['older-than'];
    if (subcommand === 'prune' && olderThan === undefined) {
      throw new ValidationError('traces prune needs --older-than AGE (e.g. --older-than 90d).', [
        { path: 'older-than', message: 'is required' },
      ]);
    }
    const age = olderThan === undefined ? undefined : parseAge(olderThan);
    const db = await openStore(storeSpec(values.db, context.env));
    try {
      if (subcommand === 'prune') {
        const deleted = await db.pruneTraces({ olderThan: age as number | string });
        context.print(`Pruned ${deleted} trace(s) older than ${olderThan}. The audit log is untouched.`);
        return 0;
      }
      const { items } = await db.listTraces(values.run === undefined ? {} : { runId: values.run });
      for (const trace of items) {
        context.print(
          `${trace.traceId}  run ${trace.runId}  ${trace.name}  ${trace.spanCount} spans  ${trace.durationMs.toFixed(1)} ms  ${trace.totalTokens} tokens  ${trace.status}`,
        );
      }
      if (items.length === 0) context.print('No traces.');
      return 0;
    } finally {
      await db.close();
    }
  },
};
