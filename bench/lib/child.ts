/**
 * Runs a fresh Node process and times it from spawn to exit (what a cold start pays before our code
 * even runs), and collects the one result line the child prints (`BENCH_RESULT {json}`), so handler
 * logs on the same stdout don't get in the way.
 */
import { spawn } from 'node:child_process';

export const RESULT_MARKER = 'BENCH_RESULT ';

export interface ChildRun<T> {
  wallMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Parsed `BENCH_RESULT` line, or null when the child printed none. */
  result: T | null;
}

export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Executable (default: this node). */
  command?: string;
}

/** The last `BENCH_RESULT` line of `stdout`, parsed. */
export function parseResult<T>(stdout: string): T | null {
  const lines = stdout.split('\n').filter((l) => l.startsWith(RESULT_MARKER));
  const last = lines.at(-1);
  return last ? (JSON.parse(last.slice(RESULT_MARKER.length)) as T) : null;
}

export function runChild<T = unknown>(args: string[], options: ChildOptions = {}): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(options.command ?? process.execPath, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let exitedAt = 0n;
    // 'exit' is the process end (what we time); 'close' waits for the pipes to drain (what we read).
    child.on('exit', () => {
      exitedAt = process.hrtime.bigint();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      let result: T | null = null;
      try {
        result = parseResult<T>(stdout);
      } catch {
        result = null;
      }
      resolve({
        wallMs: Number((exitedAt || process.hrtime.bigint()) - started) / 1e6,
        code,
        signal,
        stdout,
        stderr: Buffer.concat(err).toString('utf8'),
        result,
      });
    });
  });
}

/** A short, single-line reason from a failed child (for the table's notes). */
export function failureReason(run: ChildRun<unknown>): string {
  const text = `${run.stderr}\n${run.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(RESULT_MARKER));
  const line = text.find((l) => /error/i.test(l)) ?? text.at(-1) ?? `exit ${run.code ?? run.signal}`;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
