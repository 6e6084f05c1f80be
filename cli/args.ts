/**
 * Command-line parsing for `npm run demo` and `npm run report`. `node:util` `parseArgs` in strict mode:
 * an unknown flag, a missing value or a stray positional is a `UsageError` (exit code 2), never a guess.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest } from '../functions/commons/config/closest.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A mistake in how the command was called (flags, report id, period): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CliCommand = 'demo' | 'report';

export interface CliOptions {
  command: CliCommand;
  /** Report id (demo default: weekly-qoe; report: required). */
  reportId: string;
  /** Period spec (`last`, `2026-W46`, …); null = the last full period of the report's cadence. */
  period: string | null;
  /** Output directory; null = the command's default. */
  outDir: string | null;
  /** The local archive (laid out like the bucket); null = out/archive. */
  archiveDir: string | null;
  /** Config file; null = loadConfig's default lookup (REPORTS_CONFIG, REPORTS_CONFIG_PATH, ./reports.config.jsonc). */
  configPath: string | null;
  /** Use the embedded fake Mux even when MUX_TOKEN_* are set (always true for the demo). */
  fake: boolean;
  verbose: boolean;
}

const FLAGS = {
  report: { type: 'string', short: 'r' },
  period: { type: 'string', short: 'p' },
  out: { type: 'string', short: 'o' },
  archive: { type: 'string' },
  config: { type: 'string', short: 'c' },
  fake: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEMO_REPORT_ID = 'weekly-qoe';

export const REPORT_HELP = `Usage: npm run report -- --report <id> [options]
       npm run report -- <id> [options]

Generates one configured report (collect from Mux → snapshot → email) and writes it to a folder:
report.html, report.txt, snapshot.json and message.eml (the MIME message the product would send; nothing is sent).

Options:
  -r, --report <id>      report id from the config (required), e.g. weekly-qoe
  -p, --period <spec>    period to report (default: the last full period of the report's cadence):
                         last | previous | last-week | last-day | yesterday | last-month |
                         this-week | today | this-month | YYYY-Www | YYYY-MM-DD | YYYY-MM |
                         YYYY-MM-DD..YYYY-MM-DD (end exclusive, ≤ 31 days); Mux refuses
                         periods older than it keeps (100 days on standard plans)
  -o, --out <dir>        output folder (default: out/<report-id>/<period-key>/)
      --archive <dir>    local archive the snapshot is also written to and the history read from
                         (laid out like the bucket; default out/archive/)
  -c, --config <file>    config file (default: $REPORTS_CONFIG, $REPORTS_CONFIG_PATH, ./reports.config.jsonc)
      --fake             use the embedded fake Mux Data API even when MUX_TOKEN_ID/MUX_TOKEN_SECRET are set
  -v, --verbose          print stack traces on failure
  -h, --help             show this help

Environment:
  MUX_TOKEN_ID, MUX_TOKEN_SECRET   a Mux access token (Mux Data read); when both are set the real API is used,
                                   otherwise the embedded fake Mux Data API is started on 127.0.0.1
  MUX_BASE_URL                     Mux API base URL (default https://api.mux.com)

Exit codes: 0 done, 1 the report failed, 2 bad usage (flag, report id, period).
`;

export const DEMO_HELP = `Usage: npm run demo -- [options]

Offline demo: starts the fake Mux Data API on 127.0.0.1 (with Mux's real rate limits), backfills the 11 weeks
before last week into the local archive (unthrottled, skipped when already there), generates last week's
"${DEMO_REPORT_ID}" report from reports.config.jsonc and writes report.html, report.txt, snapshot.json and
message.eml. No AWS or Mux account needed; nothing is sent.

Options:
  -r, --report <id>      report id (default ${DEMO_REPORT_ID})
  -p, --period <spec>    period (default: the last full period of the report's cadence); see npm run report -- --help
  -o, --out <dir>        output folder (default: out/demo/)
      --archive <dir>    local archive: 11 earlier weeks are backfilled into it first (skipped when already
                         there), the report's snapshot is added, the history section reads it (default out/archive/)
  -c, --config <file>    config file (default: ./reports.config.jsonc)
  -v, --verbose          print stack traces on failure
  -h, --help             show this help

Exit codes: 0 done, 1 the report failed, 2 bad usage (flag, report id, period).
`;

type StrictParse<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

/** `node:util` `parseArgs`, strict, with positionals; a bad flag is a `UsageError` (exit 2), as in every command. */
export function parseFlags<const O extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: O,
): StrictParse<O> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(flagErrorText(error, Object.keys(options)));
  }
}

/**
 * parseArgs' errors in our words: its "Unknown option" sentence is long, generic and leaves a quote open, and it
 * never suggests the flag that was meant.
 */
function flagErrorText(error: unknown, known: readonly string[]): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error);
  const quoted = /'([^']+)'/.exec(text)?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
    const suggestion = name.length > 1 ? closest(name, known) : undefined;
    return `unknown option ${flag}${suggestion ? `; did you mean --${suggestion}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return text.includes('does not take an argument') ? `${flag} takes no value` : `${flag} needs a value`;
  }
  return text.split('\n')[0] ?? text;
}

/** `'help'` when `--help` was given (it wins over everything else). */
export function parseCliArgs(command: CliCommand, argv: readonly string[]): CliOptions | 'help' {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) return 'help';
  if (command === 'demo' && values.fake)
    throw new UsageError("Unknown option '--fake' (the demo always uses the fake)");
  const nonEmpty = (name: string, value: string | undefined): string | undefined => {
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
    return value?.trim();
  };
  // `npm run report -- weekly-qoe` is accepted too: one positional is the report id.
  if (positionals.length > 1) throw new UsageError(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
  const positional = positionals[0];
  const flagged = nonEmpty('report', values.report);
  if (positional !== undefined && flagged !== undefined && positional !== flagged) {
    throw new UsageError(`two report ids given: --report ${flagged} and ${positional}`);
  }
  const reportId = flagged ?? positional ?? (command === 'demo' ? DEMO_REPORT_ID : undefined);
  if (reportId === undefined) throw new UsageError('--report <id> is required');
  return {
    command,
    reportId,
    period: nonEmpty('period', values.period) ?? null,
    outDir: nonEmpty('out', values.out) ?? null,
    archiveDir: nonEmpty('archive', values.archive) ?? null,
    configPath: nonEmpty('config', values.config) ?? null,
    fake: command === 'demo' || values.fake === true,
    verbose: values.verbose === true,
  };
}
