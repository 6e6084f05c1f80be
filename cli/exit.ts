/**
 * How every command ends when something is wrong: one clear line on stderr, prefixed with the command, and an exit
 * code (2 for a usage mistake, 1 for anything else), never a stack trace (unless `--verbose`). A configuration with
 * several problems is its headline and a line per problem (ConfigError's own message). Messages can quote values
 * from Mux, so they go through the terminal encoder (no control characters reach the terminal).
 */
import { terminalText } from '../functions/commons/format/encode.js';
import { UsageError } from './args.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface FailureOptions {
  /** Also print the stack (the commands' `--verbose`). */
  verbose?: boolean;
  /** Whether an error other than a UsageError means "called wrongly" (exit 2, pointing to --help). */
  isUsage?: (error: unknown) => boolean;
}

/** Writes the failure of `command` and returns its exit code. */
export function reportFailure(
  command: string,
  error: unknown,
  stderr: { write(text: string): unknown },
  options: FailureOptions = {},
): number {
  const usage = error instanceof UsageError || options.isUsage?.(error) === true;
  const message = error instanceof Error ? error.message : String(error);
  if (usage) {
    stderr.write(terminalText(`${command}: ${message} (see --help)\n`));
    return EXIT_USAGE;
  }
  stderr.write(terminalText(`${command}: failed: ${message}\n`));
  if (options.verbose && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT_FAILED;
}

/** The `--verbose` / `-v` flag, looked at before parsing (a parse error is reported with it too). */
export const wantsVerbose = (argv: readonly string[]): boolean => argv.includes('--verbose') || argv.includes('-v');
