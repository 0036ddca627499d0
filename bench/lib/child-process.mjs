// Runs a command as a child process, either echoing its output live (and keeping the end of it,
// to report why it failed) or quietly (keeping all of it, to show only on failure).
import { spawn } from 'node:child_process';

const KEPT_CHARACTERS = 64 * 1024;

/** Keeps the last KEPT_CHARACTERS characters written to it. */
class OutputTail {
  constructor() {
    this.text = '';
  }

  append(chunk) {
    this.text += chunk;
    if (this.text.length > 2 * KEPT_CHARACTERS) this.text = this.text.slice(-KEPT_CHARACTERS);
  }

  toString() {
    return this.text.slice(-KEPT_CHARACTERS);
  }
}

/**
 * Run `command` with `commandArguments` and resolve with { exitCode, signal, stdout, stderr }
 * (the ends of both streams) once it exits; never rejects for a non-zero exit.
 */
export function runCommand(command, commandArguments, { cwd, env = process.env, echo = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArguments, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = new OutputTail();
    const stderr = new OutputTail();
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout.append(chunk);
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr.append(chunk);
      if (echo) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      resolve({ exitCode, signal, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}
