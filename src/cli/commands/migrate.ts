import { type CliContext, type Command, parseCommandArgs } from '../command.js';
import { describeStore, openStore, storeSpec } from '../open-store.js';

const USAGE = `Usage: countersign migrate [--db FILE|postgres://...]

Creates or upgrades the Countersign tables (runs, approvals, audit log). Idempotent.

Options:
  --db FILE|URL   SQLite file, or postgres://user@host/db (?schema=name); default $DATABASE_URL or countersign.db
  -h, --help      show this help`;

/** `countersign migrate`: applies the store's migrations. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'create or upgrade the tables',
  usage: USAGE,
  async run(args: string[], context: CliContext): Promise<number> {
    const { values } = parseCommandArgs('migrate', args, { db: { type: 'string' } });
    if (values.help) {
      context.print(USAGE);
      return 0;
    }
    const spec = storeSpec(values.db, context.env);
    const db = await openStore(spec);
    try {
      await db.migrate();
      context.print(`Migrated ${describeStore(spec)} (${db.kind}).`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
