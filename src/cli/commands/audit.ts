import { once } from 'node:events';
import fs from 'node:fs';
import { exportAuditJsonl } from '../../audit/export-audit.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type CliContext, type Command, parseCommandArgs } from '../command.js';
import { openStore, storeSpec } from '../open-store.js';

const USAGE = `Usage: countersign audit <verify|export> [options]

  verify                          re-compute the hash chain; exit code 1 when it is broken
  export [--out FILE] [--run ID]  the log as JSON Lines (one canonical entry per line) to FILE or stdout

Options:
  --db FILE|URL   SQLite file or postgres://...; default $DATABASE_URL or countersign.db
  -h, --help      show this help`;

/** Writes the export to a file or stdout, respecting back-pressure; returns the number of lines. */
async function writeExport(lines: AsyncGenerator<string>, out: string | undefined): Promise<number> {
  const stream = out === undefined ? process.stdout : fs.createWriteStream(out);
  let count = 0;
  for await (const line of lines) {
    count += 1;
    if (!stream.write(line)) await once(stream, 'drain');
  }
  if (out !== undefined) {
    stream.end();
    await once(stream, 'finish');
  }
  return count;
}

/** `countersign audit verify|export`. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify or export the audit log',
  usage: USAGE,
  async run(args: string[], context: CliContext): Promise<number> {
    const { values, positionals } = parseCommandArgs('audit', args, {
      db: { type: 'string' },
      out: { type: 'string' },
      run: { type: 'string' },
    });
    const subcommand = positionals[0];
    if (values.help || subcommand === undefined) {
      context.print(USAGE);
      return values.help ? 0 : 1;
    }
    if (subcommand !== 'verify' && subcommand !== 'export') {
      throw new ValidationError(`Unknown subcommand 'audit ${subcommand}'; use verify or export.`);
    }
    const db = await openStore(storeSpec(values.db, context.env));
    try {
      if (subcommand === 'export') {
        const count = await writeExport(
          exportAuditJsonl(db, values.run === undefined ? {} : { runId: values.run }),
          values.out,
        );
        if (values.out !== undefined) context.print(`Exported ${count} audit entries to ${values.out}.`);
        return 0;
      }
      const result = await db.verifyAuditLog();
      if (result.ok) {
        context.print(`Audit log OK: ${result.checked} entries, head ${result.headHash}.`);
        return 0;
      }
      const broken = result.firstInvalid;
      context.print(
        `Audit log BROKEN at entry ${broken?.seq} (${broken?.reason}); the ${result.checked} entries before it check out.`,
      );
      return 1;
    } finally {
      await db.close();
    }
  },
};
