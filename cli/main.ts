/**
 * Shared entry point of the CLI commands: parse, run, print, map failures to exit codes
 * (0 done, 1 the report failed, 2 bad usage). No stack traces unless `--verbose`.
 */
import { terminalText } from '../functions/commons/format/encode.js';
import { type CliCommand, DEMO_HELP, parseCliArgs, REPORT_HELP, UsageError } from './args.js';
import { type CliIo, resultLines, runLocalReport } from './run.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}

export async function runCli(command: CliCommand, argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    const options = parseCliArgs(command, argv);
    if (options === 'help') {
      io.stdout.write(command === 'demo' ? DEMO_HELP : REPORT_HELP);
      return EXIT_OK;
    }
    const result = await runLocalReport(options, io);
    io.stdout.write(terminalText(`${resultLines(result, io.cwd).join('\n')}\n`));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(terminalText(`${command}: ${error.message} (see --help)\n`));
      return EXIT_USAGE;
    }
    // Config problems are already "source: path: reason" lines; other errors get their message only.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(terminalText(`${command}: failed: ${message}\n`));
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_FAILED;
  }
}
