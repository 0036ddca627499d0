import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Makes sure `dist/` exists for tests that start separate Node processes on the built package.
 * `npm test` builds first; a bare `vitest run` builds here when dist is missing.
 */
export function ensureBuilt(): void {
  if (
    fs.existsSync(path.join(root, 'dist/index.js')) &&
    fs.existsSync(path.join(root, 'dist/db/postgres/index.js')) &&
    fs.existsSync(path.join(root, 'dist/cli/main.js'))
  )
    return;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
