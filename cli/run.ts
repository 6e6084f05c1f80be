/**
 * The work behind `npm run demo` and `npm run report`: resolve the report and period (usage errors
 * before any network), pick the data source (real Mux with MUX_TOKEN_*, else the embedded fake), run the
 * shared pipeline (`generateReport`, the same code the Lambda functions run) and write four files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_REGRESSIONS } from '../fake-mux/regressions.js';
import { type FakeMux, startFakeMux } from '../fake-mux/server.js';
import { ConfigError, findReport, loadConfig } from '../functions/commons/config/load.js';
import type { Config } from '../functions/commons/config/schema.js';
import { previewMime } from '../functions/commons/delivery/mime.js';
import { previewEmail } from '../functions/commons/delivery/unsubscribe/personalize.js';
import { type Period, PeriodError } from '../functions/commons/period/index.js';
import { generateReport, type MuxCredentials, resolvePeriod } from '../functions/commons/pipeline/generate.js';
import { localArchive } from '../functions/commons/report/archive-reader.js';
import type { Snapshot } from '../functions/commons/report/snapshot-schema.js';
import { LocalSnapshotStore } from '../functions/commons/report/snapshot-store-local.js';
import { type CliOptions, UsageError } from './args.js';
import { demoBackfill } from './backfill-run.js';
import { Progress, type ProgressStream } from './progress.js';

export const DEFAULT_MUX_BASE_URL = 'https://api.mux.com';
/** The local archive, laid out like the bucket (snapshots/report=…/cadence=…/dt=…/snapshot.json). */
export const DEFAULT_ARCHIVE_DIR = path.join('out', 'archive');

export function resolveArchiveDir(options: Pick<CliOptions, 'archiveDir'>, io: Pick<CliIo, 'cwd'>): string {
  return path.resolve(io.cwd, options.archiveDir ?? DEFAULT_ARCHIVE_DIR);
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: ProgressStream;
  stderr: ProgressStream;
}

export interface OutputFiles {
  html: string;
  text: string;
  snapshot: string;
  eml: string;
}

export interface LocalRunResult {
  snapshot: Snapshot;
  files: OutputFiles;
  source: 'fake' | 'mux';
  calls: number;
  durationMs: number;
  emlBytes: number;
}

/** Where the data comes from; `close` stops the fake when one was started. */
export interface DataSource {
  kind: 'fake' | 'mux';
  baseUrl: string;
  credentials: MuxCredentials;
  close(): Promise<void>;
}

/** Paths as the user would type them: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function loadCliConfig(options: CliOptions, io: CliIo): Config {
  // The demo reads the example file on purpose (a REPORTS_CONFIG left in the shell must not change it).
  const configPath = options.configPath ?? (options.command === 'demo' ? 'reports.config.jsonc' : undefined);
  return loadConfig({
    ...(configPath ? { path: configPath } : {}),
    env: io.env,
    cwd: io.cwd,
    onWarning: (w, source) => io.stderr.write(`${options.command}: warning: ${source}: ${w.path}: ${w.message}\n`),
  });
}

/** Unknown report and bad/too-old period are usage errors (exit 2), reported before any network call. */
function resolveTarget(config: Config, options: CliOptions, now: Date): Period {
  try {
    const report = findReport(config, options.reportId);
    return resolvePeriod(report, { kind: 'spec', spec: options.period }, now);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new UsageError(error.issues[0]?.message ?? error.message);
    }
    if (error instanceof PeriodError) throw new UsageError(error.message);
    throw error;
  }
}

export async function openDataSource(options: CliOptions, io: CliIo, now: Date): Promise<DataSource> {
  const tokenId = io.env['MUX_TOKEN_ID']?.trim() ?? '';
  const tokenSecret = io.env['MUX_TOKEN_SECRET']?.trim() ?? '';
  if (!options.fake) {
    if (tokenId && tokenSecret) {
      const baseUrl = (io.env['MUX_BASE_URL']?.trim() || DEFAULT_MUX_BASE_URL).replace(/\/+$/, '');
      // The token id is not secret but is still shortened; the secret is never printed.
      io.stderr.write(
        `Using the Mux Data API at ${baseUrl} (MUX_TOKEN_ID ${tokenId.slice(0, 6)}…, secret from MUX_TOKEN_SECRET)\n`,
      );
      return { kind: 'mux', baseUrl, credentials: { tokenId, tokenSecret }, close: async () => {} };
    }
    if (tokenId || tokenSecret) {
      throw new UsageError(
        `${tokenId ? 'MUX_TOKEN_ID' : 'MUX_TOKEN_SECRET'} is set but ${tokenId ? 'MUX_TOKEN_SECRET' : 'MUX_TOKEN_ID'} is not; set both to use the real Mux API, or neither for the fake`,
      );
    }
    io.stderr.write('MUX_TOKEN_ID / MUX_TOKEN_SECRET not set: using the embedded fake Mux Data API (synthetic data)\n');
  }
  io.stderr.write('Starting fake Mux Data API on 127.0.0.1…');
  // Mux's real rate limits (5 data, 1 monitoring req/s) so the demo's duration is honest; the fake's
  // clock is pinned to the run's `now` so "last week" means the same thing to both sides. The demo plants one
  // known cause in last week (Safari startup +400 ms) so its email shows "what changed and why" at work.
  const regressions = options.command === 'demo' ? DEMO_REGRESSIONS : [];
  const fake: FakeMux = await startFakeMux({ port: 0, host: '127.0.0.1', now, quiet: true, regressions });
  io.stderr.write(` listening on ${fake.url}\n`);
  return {
    kind: 'fake',
    baseUrl: fake.url,
    credentials: { tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' },
    close: () => fake.close(),
  };
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export async function runLocalReport(options: CliOptions, io: CliIo): Promise<LocalRunResult> {
  const now = new Date();
  const config = loadCliConfig(options, io);
  const period = resolveTarget(config, options, now);
  const outDir = path.resolve(
    io.cwd,
    options.outDir ??
      (options.command === 'demo' ? path.join('out', 'demo') : path.join('out', options.reportId, period.key)),
  );
  const files: OutputFiles = {
    html: path.join(outDir, 'report.html'),
    text: path.join(outDir, 'report.txt'),
    snapshot: path.join(outDir, 'snapshot.json'),
    eml: path.join(outDir, 'message.eml'),
  };

  const archiveDir = resolveArchiveDir(options, io);
  const store = new LocalSnapshotStore(archiveDir);
  const archive = localArchive(archiveDir);
  // The demo's history needs earlier weeks: backfilled first (fast, unthrottled fake; skipped when archived).
  if (options.command === 'demo')
    await demoBackfill({ config, reportId: options.reportId, period, store, archive, now, io });
  const source = await openDataSource(options, io, now);
  const startedAt = Date.now();
  const progress = new Progress(io.stderr, `Collecting ${options.reportId} for ${period.label} (${period.timeZone})`);
  try {
    progress.start();
    const generated = await generateReport({
      config,
      reportId: options.reportId,
      period: { kind: 'spec', spec: options.period },
      credentials: async () => source.credentials,
      now,
      baseUrl: source.baseUrl,
      // The footer says where the snapshot is: here, the local file.
      archiveLocationFor: () => displayPath(files.snapshot, io.cwd),
      onMuxEvent: progress.onMuxEvent,
      archive,
    });
    progress.finish();
    const archived = await store.put(generated.snapshot);
    io.stderr.write(
      `Archived ${displayPath(archived.location, io.cwd)} (history reads ${displayPath(archiveDir, io.cwd)}/)\n`,
    );
    const { report, snapshot } = generated;
    // A customer-facing email shows its first recipient's footer (with a link that goes nowhere).
    const email = previewEmail(generated.email, report.recipients);
    const eml = await previewMime(email, report, snapshot.period.key, now, snapshot.report.segment?.value);
    await mkdir(outDir, { recursive: true });
    await Promise.all([
      writeFile(files.html, email.html),
      writeFile(files.text, email.text),
      writeFile(files.snapshot, `${JSON.stringify(snapshot, null, 2)}\n`),
      writeFile(files.eml, eml),
    ]);
    return {
      snapshot,
      files,
      source: source.kind,
      calls: progress.calls,
      durationMs: Date.now() - startedAt,
      emlBytes: eml.length,
    };
  } finally {
    progress.finish();
    await source.close();
  }
}

/** The last lines of stdout: a one-line summary, then the four paths (scripts can `tail -4`). */
export function resultLines(result: LocalRunResult, cwd: string): string[] {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const from = result.source === 'fake' ? 'fake Mux' : 'Mux';
  return [
    `${result.snapshot.headline.text} · ${result.calls} ${from} calls · ${seconds} s · email ${formatBytes(result.emlBytes)}`,
    ...[result.files.html, result.files.text, result.files.snapshot, result.files.eml].map((f) => displayPath(f, cwd)),
  ];
}
