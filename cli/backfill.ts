/**
 * `npm run backfill -- --report <id> --periods 12 [--segment V] [--archive DIR | --bucket NAME] [--force]`:
 * generates the past periods Mux still has and archives their snapshots (no email, no idempotency record), a
 * fan-out report's segments too. See docs/cli.md.
 */
import { pathToFileURL } from 'node:url';
import { s3Client } from '../functions/commons/aws/clients.js';
import { SegmentError, segmentOf } from '../functions/commons/config/fan-out.js';
import { findReport } from '../functions/commons/config/load.js';
import { terminalText } from '../functions/commons/format/encode.js';
import { localArchive, s3Archive } from '../functions/commons/report/archive-reader.js';
import { reportPrefix } from '../functions/commons/report/snapshot-store.js';
import { LocalSnapshotStore } from '../functions/commons/report/snapshot-store-local.js';
import { S3SnapshotStore } from '../functions/commons/report/snapshot-store-s3.js';
import { type CliOptions, parseFlags, UsageError } from './args.js';
import { backfillSummary, runBackfill } from './backfill-run.js';
import { EXIT_FAILED, EXIT_OK, reportFailure, wantsVerbose } from './exit.js';
import { processIo } from './main.js';
import {
  type CliIo,
  DEFAULT_ARCHIVE_DIR,
  displayPath,
  loadCliConfig,
  openDataSource,
  resolveArchiveDir,
} from './run.js';

export const BACKFILL_HELP = `Usage: npm run backfill -- --report <id> [--periods N] [--segment V] [--archive DIR | --bucket NAME] [--force]

Generates the report's past periods that Mux still has (the N full periods ending with the last one) and archives
their snapshots, so the history section and SQL over the archive have data from day one. Sends no email and
records nothing in the idempotency table. Periods already archived are skipped (run it again to resume).
A fan-out report is backfilled whole and for each segment (its listed values, or per period the { top } values
the scheduled run would pick: one more Mux call per period).

Options:
  -r, --report <id>      report id from the config (required)
  -n, --periods <N>      how many periods, 1–400 (default 12)
  -s, --segment <v>      one segment of a fan-out report only (one of fanOut.values when they are listed)
      --archive <dir>    local archive laid out like the bucket (default ${DEFAULT_ARCHIVE_DIR}/)
      --bucket <name>    archive into this S3 bucket instead (standard AWS credential chain and region)
      --force            regenerate periods that are already archived
  -c, --config <file>    config file (default: $REPORTS_CONFIG, $REPORTS_CONFIG_PATH, ./reports.config.jsonc)
      --fake             use the embedded fake Mux Data API even when MUX_TOKEN_ID/MUX_TOKEN_SECRET are set
  -v, --verbose          print stack traces on failure
  -h, --help             show this help

Mux: MUX_TOKEN_ID + MUX_TOKEN_SECRET use the real API (rate-limited like any report), otherwise the fake.
Mux refuses periods older than it keeps (100 days on standard plans): those are counted as refused.

Exit codes: 0 done, 1 a period failed, 2 bad usage.
`;

export interface BackfillArgs {
  reportId: string;
  periods: number;
  segment: string | null;
  archiveDir: string | null;
  bucket: string | null;
  force: boolean;
  configPath: string | null;
  fake: boolean;
}

export function parseBackfillArgs(argv: readonly string[]): BackfillArgs | 'help' {
  const { values, positionals } = parseFlags(argv, {
    report: { type: 'string', short: 'r' },
    periods: { type: 'string', short: 'n' },
    segment: { type: 'string', short: 's' },
    archive: { type: 'string' },
    bucket: { type: 'string' },
    force: { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    fake: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const reportId = values.report?.trim();
  if (!reportId) throw new UsageError('--report <id> is required');
  const periods = values.periods === undefined ? 12 : Number(values.periods);
  if (!Number.isInteger(periods) || periods < 1 || periods > 400) {
    throw new UsageError(`--periods must be a whole number from 1 to 400, got "${values.periods}"`);
  }
  if (values.archive !== undefined && values.bucket !== undefined) {
    throw new UsageError('--archive and --bucket are exclusive: one archive at a time');
  }
  if (values.bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(values.bucket)) {
    throw new UsageError(`--bucket "${values.bucket}" is not an S3 bucket name`);
  }
  return {
    reportId,
    periods,
    segment: values.segment ?? null,
    archiveDir: values.archive?.trim() || null,
    bucket: values.bucket ?? null,
    force: values.force === true,
    configPath: values.config?.trim() || null,
    fake: values.fake === true,
  };
}

/** `now` is the clock for "the last full period" (tests pin it). */
export async function runBackfillCli(argv: readonly string[], io: CliIo, now = new Date()): Promise<number> {
  const verbose = wantsVerbose(argv);
  try {
    const args = parseBackfillArgs(argv);
    if (args === 'help') {
      io.stdout.write(BACKFILL_HELP);
      return EXIT_OK;
    }
    const cli: CliOptions = {
      command: 'report',
      reportId: args.reportId,
      period: null,
      outDir: null,
      archiveDir: args.archiveDir,
      configPath: args.configPath,
      fake: args.fake,
      verbose,
    };
    const config = loadCliConfig(cli, io);
    if (!config.reports.some((r) => r.id === args.reportId)) {
      throw new UsageError(
        `unknown report "${args.reportId}" (configured: ${config.reports.map((r) => r.id).join(', ')})`,
      );
    }
    const segment =
      args.segment === null ? undefined : segmentOf(findReport(config, args.reportId), args.segment)?.value;
    const dir = args.bucket === null ? resolveArchiveDir(cli, io) : null;
    const store =
      dir === null ? new S3SnapshotStore({ bucket: args.bucket!, client: s3Client() }) : new LocalSnapshotStore(dir);
    const archive = dir === null ? s3Archive(args.bucket!, s3Client()) : localArchive(dir);
    const source = await openDataSource(cli, io, now);
    try {
      const result = await runBackfill({
        config,
        reportId: args.reportId,
        periods: args.periods,
        segment,
        force: args.force,
        store,
        archive,
        credentials: async () => source.credentials,
        baseUrl: source.baseUrl,
        now,
        out: io.stderr,
      });
      const prefix = reportPrefix(args.reportId, segment);
      const where =
        dir === null ? `s3://${args.bucket}/${prefix}/` : `${displayPath(store.locationOf(prefix), io.cwd)}/`;
      io.stdout.write(terminalText(`${backfillSummary(result, args.reportId, where).join('\n')}\n`));
      return result.count.failed > 0 ? EXIT_FAILED : EXIT_OK;
    } finally {
      await source.close();
    }
  } catch (error) {
    return reportFailure('backfill', error, io.stderr, { verbose, isUsage: (e) => e instanceof SegmentError });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runBackfillCli(process.argv.slice(2), processIo());
}
