// The shared peer benchmark (shared/bench/peers) is read-only, so it is run from a scratch copy
// inside the checkout (`.data/bench-peers`, ignored by git) with its own node_modules. This file
// keeps that copy in step with the source, installs its dependencies when they are missing or
// out of date, and runs its `run.mjs`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from './child-process.mjs';

/** Entries of the source that are never copied: installed packages, old results, databases. */
const NOT_COPIED = new Set(['node_modules', 'results.json', '.data']);

/** Written into node_modules after a successful install; it goes away with node_modules. */
const INSTALL_STAMP = path.join('node_modules', '.countersign-bench-install.json');

/**
 * Mirror the harness's files from `sourceDirectory` into `scratchDirectory`: files that are gone
 * from the source are removed, node_modules is kept. The source's files are read-only, so the
 * copies are made writable (the harness writes its databases beside them).
 */
export function syncHarness(sourceDirectory, scratchDirectory) {
  if (!fs.existsSync(path.join(sourceDirectory, 'run.mjs'))) {
    throw new Error(
      `the peer benchmark was not found at ${sourceDirectory} (expected shared/ beside the checkout; set COUNTERSIGN_BENCH_PEERS_DIR to point elsewhere)`,
    );
  }
  fs.mkdirSync(scratchDirectory, { recursive: true });
  for (const entry of fs.readdirSync(scratchDirectory)) {
    if (entry !== 'node_modules')
      fs.rmSync(path.join(scratchDirectory, entry), { recursive: true, force: true });
  }
  copyTree(sourceDirectory, scratchDirectory);
}

function copyTree(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (NOT_COPIED.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true, mode: 0o755 });
      copyTree(source, target);
    } else if (entry.isFile()) {
      fs.copyFileSync(source, target);
      fs.chmodSync(target, 0o644);
    }
  }
}

/**
 * What an install depends on: the lockfile, and the Node.js ABI and platform that
 * better-sqlite3's native module is compiled for.
 */
function installFingerprint(scratchDirectory) {
  const lockfile = fs.readFileSync(path.join(scratchDirectory, 'package-lock.json'));
  return {
    packageLockSha256: createHash('sha256').update(lockfile).digest('hex'),
    nodeModuleVersion: process.versions.modules,
    platform: `${process.platform}-${process.arch}`,
  };
}

/**
 * Run `npm ci` in the scratch copy unless its node_modules was installed from the same lockfile
 * for the same Node.js ABI. Quiet unless it fails. Resolves with true when it installed.
 */
export async function installHarnessDependencies(scratchDirectory, log) {
  const fingerprint = installFingerprint(scratchDirectory);
  const stampFile = path.join(scratchDirectory, INSTALL_STAMP);
  let stamp = null;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    // No stamp: never installed, or installed by hand; install again to be sure.
  }
  if (stamp && Object.entries(fingerprint).every(([key, value]) => stamp[key] === value)) return false;

  log(
    'installing the peer benchmark dependencies (npm ci; better-sqlite3 compiles from source, about a minute)',
  );
  const startedAt = Date.now();
  const result = await runCommand('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: scratchDirectory,
    env: environmentForNestedNpm(),
    echo: false,
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `npm ci failed in ${scratchDirectory} (exit ${result.exitCode}):\n${result.stderr || result.stdout}`,
    );
  }
  fs.writeFileSync(stampFile, `${JSON.stringify(fingerprint, null, 2)}\n`);
  log(`installed in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  return true;
}

/**
 * The environment minus what `npm run bench` sets for its own package, so the nested `npm ci`
 * works on the scratch package and not on the checkout.
 */
function environmentForNestedNpm() {
  const environment = { ...process.env };
  for (const name of Object.keys(environment)) {
    if (
      name.startsWith('npm_package_') ||
      name.startsWith('npm_lifecycle_') ||
      name === 'npm_config_local_prefix'
    ) {
      delete environment[name];
    }
  }
  return environment;
}

/**
 * Run the harness's `run.mjs` with --expose-gc and the given arguments, echoing its output.
 * `countersignDirectory` (a built checkout) adds the Countersign adapter; null leaves it out.
 */
export function runHarness(scratchDirectory, harnessArguments, { countersignDirectory, echo = true }) {
  const environment = { ...process.env };
  if (countersignDirectory) environment.COUNTERSIGN_DIR = countersignDirectory;
  else delete environment.COUNTERSIGN_DIR;
  return runCommand(process.execPath, ['--expose-gc', 'run.mjs', ...harnessArguments], {
    cwd: scratchDirectory,
    env: environment,
    echo,
  });
}
