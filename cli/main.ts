/**
 * Shared entry point of the CLI commands: parse, run, print, map failures to exit codes
 * (0 done, 1 the report failed, 2 bad usage). No stack traces unless `--verbose`.
 */
import { terminalText } from '../functions/commons/format/encode.js';
import { type CliCommand, DEMO_HELP, parseCliArgs, REPORT_HELP } from './args.js';
import { EXIT_OK, reportFailure, wantsVerbose } from './exit.js';
import { type CliIo, resultLines, runLocalReport } from './run.js';

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit.js';

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}

export async function runCli(command: CliCommand, argv: readonly string[], io: CliIo = processIo()): Promise<number> {
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
    return reportFailure(command, error, io.stderr, { verbose: wantsVerbose(argv) });
  }
}
