// Enforces the layer rules of the package (docs: shared/docs/conventions.md, "Arrows point inward"):
//   1. the core never imports the outer layers (server, ui, slack, cli, the SQL driver subpaths)
//      nor a driver or server library, so `import { Agent } from 'countersign'` loads none of them;
//   2. only src/db/sqlite imports better-sqlite3, only src/db/postgres imports pg and only src/mcp
//      imports @modelcontextprotocol/sdk, because they are optional peer dependencies.
// Plain Node, no dependencies: `node scripts/check-layers.mjs` (part of `npm run lint`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoot = join(root, 'src');

/** Paths (relative to src, posix) that make up the core: a file, or a folder with everything in it. */
const CORE = [
  'index.ts',
  'agent',
  'team',
  'run',
  'tools',
  'toolkits',
  'approvals',
  'hooks',
  'guardrails',
  'errors',
  'ids',
  'db/store.ts',
  'db/memory',
  'db/sql',
  'db/shared',
  'tracing',
];
/** Source folders the core must not import. */
const OUTER_LAYERS = ['server', 'ui', 'slack', 'cli', 'db/sqlite', 'db/postgres', 'mcp'];
/** Packages the core must not import. */
const CORE_FORBIDDEN_PACKAGES = ['better-sqlite3', 'pg', 'hono', '@hono/*'];
/** Packages only one folder may import. */
const DRIVER_OWNERS = {
  'better-sqlite3': 'db/sqlite',
  pg: 'db/postgres',
  '@modelcontextprotocol/sdk': 'mcp',
};

function listSourceFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listSourceFiles(path));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** Every module specifier of a file: static imports and re-exports, side-effect and dynamic imports. */
function listSpecifiers(text) {
  // Comments would otherwise yield false hits (`import x from 'pg'` inside an @example).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const specifiers = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const line = code.slice(0, match.index).split('\n').length;
      specifiers.push({ specifier: match[1], line });
    }
  }
  return specifiers;
}

function isUnder(path, area) {
  return path === area || path.startsWith(`${area}/`);
}

/** The package name of a bare specifier (`@hono/node-server/x` -> `@hono/node-server`, `pg/lib` -> `pg`). */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matchesPackage(name, pattern) {
  return pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

const problems = [];
for (const file of listSourceFiles(sourceRoot)) {
  const source = relative(sourceRoot, file).split('\\').join('/');
  const inCore = CORE.some((area) => isUnder(source, area));
  for (const { specifier, line } of listSpecifiers(readFileSync(file, 'utf8'))) {
    const where = `src/${source}:${line}`;
    if (specifier.startsWith('.')) {
      const target = posix.normalize(posix.join(posix.dirname(source), specifier));
      const layer = OUTER_LAYERS.find((area) => isUnder(target, area));
      if (inCore && layer !== undefined) {
        problems.push(`${where} imports '${specifier}' (src/${layer}): the core must not depend on it.`);
      }
      continue;
    }
    if (specifier.startsWith('node:')) continue;
    const name = packageName(specifier);
    if (inCore && CORE_FORBIDDEN_PACKAGES.some((pattern) => matchesPackage(name, pattern))) {
      problems.push(`${where} imports '${specifier}': the core must not load drivers or server libraries.`);
      continue;
    }
    const owner = DRIVER_OWNERS[name];
    if (owner !== undefined && !isUnder(source, owner)) {
      problems.push(
        `${where} imports '${specifier}': only src/${owner} may import it (an optional peer dependency).`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} layer violation(s):`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.error(
    'Move the code to the layer that may use the import, or pass the dependency in from the outside ' +
      '(see scripts/check-layers.mjs for the rules).',
  );
  process.exit(1);
}
console.log('check-layers: the core imports no outer layer and no driver.');
