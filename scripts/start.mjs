// `npm start`: builds the package when dist/ is missing or older than src/, then serves the demo in
// dev mode on .data/countersign.db: `node dist/cli/main.js serve --dev --db .data/countersign.db`.
// Extra arguments pass through: `npm start -- --port 8080`. Plain Node, no dependencies.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/cli/main.js');

function newestSource(directory) {
  let newest = 0;
  for (const item of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(entry) || statSync(entry).mtimeMs < newestSource(join(root, 'src'))) {
  console.error('[countersign] building (dist/ is missing or older than src/) ...');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

const child = spawn(
  process.execPath,
  [entry, 'serve', '--dev', '--db', '.data/countersign.db', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
