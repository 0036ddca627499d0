// Facts about where and on what a benchmark ran: the machine, the Node.js runtime and the git
// state of the checkout. Figures are only comparable within one run, so every results file says
// exactly what produced it.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** The machine and runtime this process runs on. */
export function describeMachine() {
  const processors = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: processors[0]?.model?.trim() ?? null,
    cores: processors.length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    // Other work on the machine slows a benchmark down and spreads its figures.
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** The output of a git command without its final newline, or null when git fails. */
function git(repositoryRoot, ...gitArguments) {
  try {
    return execFileSync('git', ['-C', repositoryRoot, ...gitArguments], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trimEnd();
  } catch {
    return null;
  }
}

/**
 * The commit the checkout is at, and the uncommitted changes that can affect what was measured
 * (sources and build configuration; the benchmark's own results files are left out, since they
 * change with every run).
 */
export function describeGitState(repositoryRoot) {
  const commit = git(repositoryRoot, 'rev-parse', 'HEAD');
  if (commit === null) return { commit: null, note: 'not a git checkout' };
  const status = git(repositoryRoot, 'status', '--porcelain', '--', '.', ':(exclude)bench/results') ?? '';
  return {
    commit,
    shortCommit: commit.slice(0, 7),
    branch: git(repositoryRoot, 'rev-parse', '--abbrev-ref', 'HEAD'),
    subject: git(repositoryRoot, 'log', '-1', '--format=%s'),
    uncommittedChanges: status
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.slice(3)),
  };
}
