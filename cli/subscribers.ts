/**
 * `npm run subscribers -- --report <id> [--segment V] (--resubscribe A | --unsubscribe A | --list) [--table NAME]`:
 * the unsubscribe list of a customer-facing report (config/audience.ts, docs/unsubscribe.md). An address that
 * unsubscribed with its link is skipped by every later run until it is re-added here.
 */
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { SegmentError, segmentOf } from '../functions/commons/config/fan-out.js';
import { DynamoUnsubscribeStore, type UnsubscribeStore } from '../functions/commons/delivery/unsubscribe/store.js';
import { type CliOptions, parseFlags, UsageError } from './args.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, processIo } from './main.js';
import { type CliIo, loadCliConfig } from './run.js';

export const SUBSCRIBERS_HELP = `Usage: npm run subscribers -- --report <id> [--segment <value>] <action> [--table <name>]

The unsubscribe list of a customer-facing report (audience "external"): who used the one-click link in its
footer and is no longer mailed. Unsubscribes are per report and, for a fan-out report, per segment.

Actions (exactly one):
      --resubscribe <address>  mail this address again from the next run (it asked to be re-added)
      --unsubscribe <address>  stop mailing it (it asked by other means than the link)
      --list                   print the addresses that unsubscribed, with when and how

Options:
  -r, --report <id>      report id from the config (required)
  -s, --segment <value>  the fan-out segment (required for a fan-out report, refused otherwise)
      --table <name>     the unsubscribe table (default $UNSUBSCRIBE_TABLE; the stack outputs UnsubscribeTableName)
  -c, --config <file>    config file (default: $REPORTS_CONFIG, $REPORTS_CONFIG_PATH, ./reports.config.jsonc)
  -v, --verbose          print stack traces on failure
  -h, --help             show this help

AWS: the standard credential chain and region (dynamodb:Query, PutItem, DeleteItem on the table).

Exit codes: 0 done, 1 AWS failed, 2 bad usage (flag, report, segment, address).
`;

type Action = { kind: 'resubscribe' | 'unsubscribe'; address: string } | { kind: 'list' };

export interface SubscribersArgs {
  reportId: string;
  segment: string | null;
  action: Action;
  table: string;
  configPath: string | null;
}

const email = z.email();

export function parseSubscribersArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SubscribersArgs | 'help' {
  const { values, positionals } = parseFlags(argv, {
    report: { type: 'string', short: 'r' },
    segment: { type: 'string', short: 's' },
    resubscribe: { type: 'string' },
    unsubscribe: { type: 'string' },
    list: { type: 'boolean' },
    table: { type: 'string' },
    config: { type: 'string', short: 'c' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const reportId = values.report?.trim();
  if (!reportId) throw new UsageError('--report <id> is required');
  const actions: Action[] = [
    ...(values.resubscribe !== undefined ? [{ kind: 'resubscribe' as const, address: values.resubscribe.trim() }] : []),
    ...(values.unsubscribe !== undefined ? [{ kind: 'unsubscribe' as const, address: values.unsubscribe.trim() }] : []),
    ...(values.list ? [{ kind: 'list' as const }] : []),
  ];
  if (actions.length !== 1)
    throw new UsageError('give exactly one of --resubscribe <address>, --unsubscribe <address>, --list');
  const action = actions[0]!;
  if (action.kind !== 'list' && !email.safeParse(action.address).success) {
    throw new UsageError(`--${action.kind} "${action.address}" is not an email address`);
  }
  const table = (values.table ?? env['UNSUBSCRIBE_TABLE'] ?? '').trim();
  if (!table)
    throw new UsageError(
      '--table <name> is required (or set UNSUBSCRIBE_TABLE; the stack outputs UnsubscribeTableName)',
    );
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) throw new UsageError(`--table "${table}" is not a DynamoDB table name`);
  return {
    reportId,
    segment: values.segment ?? null,
    action,
    table,
    configPath: values.config?.trim() || null,
  };
}

/** `store` is for tests; by default the table named by --table through the standard AWS chain. */
export async function runSubscribersCli(
  argv: readonly string[],
  io: CliIo,
  store?: UnsubscribeStore,
  now = new Date(),
): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    const args = parseSubscribersArgs(argv, io.env);
    if (args === 'help') {
      io.stdout.write(SUBSCRIBERS_HELP);
      return EXIT_OK;
    }
    const cli: Pick<CliOptions, 'command' | 'configPath'> = { command: 'report', configPath: args.configPath };
    const config = loadCliConfig(cli as CliOptions, io);
    const report = config.reports.find((r) => r.id === args.reportId);
    if (!report) {
      throw new UsageError(
        `unknown report "${args.reportId}" (configured: ${config.reports.map((r) => r.id).join(', ')})`,
      );
    }
    if (report.audience !== 'external') {
      throw new UsageError(
        `report "${report.id}" is not customer-facing (audience "internal"): its mail has no unsubscribe link; ` +
          'change its recipients in the config instead',
      );
    }
    if (report.fanOut && args.segment === null) {
      throw new UsageError(
        `report "${report.id}" fans out by ${report.fanOut.dimension}: --segment <value> is required`,
      );
    }
    const segment = args.segment === null ? null : (segmentOf(report, args.segment)?.value ?? null);
    const list = store ?? new DynamoUnsubscribeStore({ tableName: args.table });
    const which = `"${report.id}"${segment === null ? '' : ` (segment ${segment})`}`;
    const action = args.action;
    if (action.kind === 'list') {
      const rows = await list.unsubscribed(report.id, segment);
      io.stdout.write(
        rows.length === 0
          ? `nobody has unsubscribed from ${which}\n`
          : `${rows.map((r) => `${r.address}\t${r.at}\t${r.source}`).join('\n')}\n`,
      );
      return EXIT_OK;
    }
    const subscription = { reportId: report.id, segment, address: action.address };
    if (action.kind === 'unsubscribe') {
      await list.unsubscribe(subscription, 'cli', now);
      io.stdout.write(`${action.address} is unsubscribed from ${which}: no later run mails it\n`);
      return EXIT_OK;
    }
    const was = await list.resubscribe(subscription);
    io.stdout.write(
      was
        ? `${action.address} is subscribed again to ${which}: the next run mails it\n`
        : `${action.address} had not unsubscribed from ${which}: nothing to change\n`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof SegmentError) {
      io.stderr.write(`subscribers: ${error.message} (see --help)\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`subscribers: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_FAILED;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runSubscribersCli(process.argv.slice(2), processIo());
}
