/**
 * `npm run subscribers -- --report <id> [--segment V] (--resubscribe A | --unsubscribe A | --list) [--table NAME]`:
 * the unsubscribe list of a customer-facing report (config/audience.ts, docs/unsubscribe.md). An address that
 * unsubscribed with its link is skipped by every later run until it is re-added here.
 *
 * `npm run subscribers -- --suppressed (--list | --resubscribe A)`: the addresses no report mails because they
 * hard-bounced or complained (delivery/unsubscribe/suppressions.ts), across all reports.
 */
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { SegmentError, segmentOf } from '../functions/commons/config/fan-out.js';
import { DynamoUnsubscribeStore, type UnsubscribeStore } from '../functions/commons/delivery/unsubscribe/store.js';
import { DynamoSuppressionList, type SuppressionList } from '../functions/commons/delivery/unsubscribe/suppressions.js';
import { terminalLine } from '../functions/commons/format/encode.js';
import { type CliOptions, parseFlags, UsageError } from './args.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, processIo } from './main.js';
import { type CliIo, loadCliConfig } from './run.js';

export const SUBSCRIBERS_HELP = `Usage: npm run subscribers -- --report <id> [--segment <value>] <action> [--table <name>]
       npm run subscribers -- --suppressed (--list | --resubscribe <address>) [--table <name>]

The unsubscribe list of a customer-facing report (audience "external"): who used the one-click link in its
footer and is no longer mailed. Unsubscribes are per report and, for a fan-out report, per segment.

With --suppressed: the addresses no report mails because they hard-bounced or their owner marked a report as
spam (recorded from SES's events, for every report). --resubscribe removes one after the cause is fixed.

Actions (exactly one):
      --resubscribe <address>  mail this address again from the next run (it asked to be re-added)
      --unsubscribe <address>  stop mailing it (it asked by other means than the link)
      --list                   print the addresses that unsubscribed, with when and how

Options:
  -r, --report <id>      report id from the config (required, except with --suppressed)
  -s, --segment <value>  the fan-out segment (required for a fan-out report, refused otherwise)
      --suppressed       the bounced and complaining addresses instead of a report's unsubscribes
      --table <name>     the unsubscribe table (default $UNSUBSCRIBE_TABLE; the stack outputs UnsubscribeTableName)
  -c, --config <file>    config file (default: $REPORTS_CONFIG, $REPORTS_CONFIG_PATH, ./reports.config.jsonc)
  -v, --verbose          print stack traces on failure
  -h, --help             show this help

AWS: the standard credential chain and region (dynamodb:Query, PutItem, DeleteItem on the table).

Exit codes: 0 done, 1 AWS failed, 2 bad usage (flag, report, segment, address).
`;

type Action = { kind: 'resubscribe' | 'unsubscribe'; address: string } | { kind: 'list' };

export interface SubscribersArgs {
  /** Null with --suppressed (the list is not a report's). */
  reportId: string | null;
  segment: string | null;
  action: Action;
  table: string;
  configPath: string | null;
  suppressed: boolean;
}

const email = z.email();

export function parseSubscribersArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SubscribersArgs | 'help' {
  const { values, positionals } = parseFlags(argv, {
    report: { type: 'string', short: 'r' },
    segment: { type: 'string', short: 's' },
    resubscribe: { type: 'string' },
    unsubscribe: { type: 'string' },
    list: { type: 'boolean' },
    suppressed: { type: 'boolean' },
    table: { type: 'string' },
    config: { type: 'string', short: 'c' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const reportId = values.report?.trim() || null;
  if (values.suppressed) {
    if (reportId !== null || values.segment !== undefined) {
      throw new UsageError('--suppressed lists addresses for every report: leave out --report and --segment');
    }
    if (values.unsubscribe !== undefined) {
      throw new UsageError(
        '--suppressed takes --list or --resubscribe; to stop mailing an address use --report <id> --unsubscribe',
      );
    }
  } else if (!reportId) throw new UsageError('--report <id> is required');
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
    suppressed: values.suppressed === true,
  };
}

/** The lists the CLI edits; tests give their own, by default the table named by --table (standard AWS chain). */
export interface SubscriberLists {
  unsubscribes?: UnsubscribeStore;
  suppressions?: SuppressionList;
}

/** `--suppressed`: every report's bounced and complaining addresses. */
async function runSuppressed(args: SubscribersArgs, io: CliIo, list: SuppressionList): Promise<number> {
  const action = args.action;
  if (action.kind === 'list') {
    const rows = await list.all();
    io.stdout.write(
      rows.length === 0
        ? 'no address is suppressed: none has hard-bounced or complained\n'
        : `${rows
            .map((r) => [r.address, r.at, r.source, r.detail, r.reportId ?? ''].map(terminalLine).join('\t'))
            .join('\n')}\n`,
    );
    return EXIT_OK;
  }
  const was = await list.remove(action.address);
  io.stdout.write(
    was
      ? `${action.address} is no longer suppressed: the next runs mail it again. SES keeps its own account-level ` +
          'list; remove it there too or SES still drops the mail:\n' +
          `  aws sesv2 delete-suppressed-destination --email-address ${action.address}\n`
      : `${action.address} was not suppressed: nothing to change\n`,
  );
  return EXIT_OK;
}

export async function runSubscribersCli(
  argv: readonly string[],
  io: CliIo,
  lists: SubscriberLists = {},
  now = new Date(),
): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    const args = parseSubscribersArgs(argv, io.env);
    if (args === 'help') {
      io.stdout.write(SUBSCRIBERS_HELP);
      return EXIT_OK;
    }
    if (args.suppressed) {
      return await runSuppressed(args, io, lists.suppressions ?? new DynamoSuppressionList({ tableName: args.table }));
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
    const list = lists.unsubscribes ?? new DynamoUnsubscribeStore({ tableName: args.table });
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
