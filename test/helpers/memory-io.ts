/**
 * A command's io (cli/run.ts `CliIo`) that keeps what the command writes, for tests that run a CLI in process:
 * each write in order (`writes`, e.g. `.pop()` for the last line) and all of it as one text (`text()`).
 */
import type { ProgressStream } from '../../cli/progress.js';
import type { CliIo } from '../../cli/run.js';

export interface MemoryStream extends ProgressStream {
  readonly writes: string[];
  text(): string;
}

export function memoryStream(): MemoryStream {
  const writes: string[] = [];
  return {
    writes,
    write(text: string) {
      writes.push(text);
      return true;
    },
    text: () => writes.join(''),
  };
}

export interface MemoryIo extends CliIo {
  stdout: MemoryStream;
  stderr: MemoryStream;
}

/** `stderr` defaults to a stream of its own; pass `stdout` to see both in one. */
export function memoryIo(options: { env?: NodeJS.ProcessEnv; cwd?: string; stderr?: MemoryStream } = {}): MemoryIo {
  const stdout = memoryStream();
  return {
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdout,
    stderr: options.stderr ?? memoryStream(),
  };
}
