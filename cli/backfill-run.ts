/**
 * The work behind `npm run backfill` (and the demo's first step): generate the past periods Mux still has and
 * archive their snapshots, so a new deployment has history from its first email.
 *
 * - The same pipeline as every report (`generateReport`), so the same Mux client and per-environment rate limiter.
 * - No email, no idempotency record: only `store.put` (snapshot.json; `latest.json` moves only forward,
 *   snapshot-store.ts), never the delivery step.
 * - Oldest first, one period at a time: each snapshot's own history section then reads the ones written before it.
 * - Resumable: periods already archived (one listing per report or segment) are skipped unless `force`.
 * - A fan-out report (config/fan-out.ts) is backfilled whole and for each of its segments, each under its own key
 *   (`report=<id>/segment=<v>/…`), so every segment's history starts full: the listed `values`, or for
 *   `{ top, minViews }` the values the scheduled run would pick for that period (fanOutValues: one Mux call per
 *   period). `segment` backfills that one segment only.
 * - A period Mux refuses (older than its retention) is counted and skipped; any other failure is counted and the
 *   rest still runs (the command then exits 1).
 */

import { DEMO_REGRESSIONS } from '../fake-mux/regressions.js';
import { startFakeMux } from '../fake-mux/server.js';
import { segmentOf } from '../functions/commons/config/fan-out.js';
import { historyPeriodsFor } from '../functions/commons/config/history.js';
import { findReport } from '../functions/commons/config/load.js';
import type { Config } from '../functions/commons/config/schema.js';
import { terminalLine } from '../functions/commons/format/encode.js';
import { MuxApiError, type MuxEvent } from '../functions/commons/mux/index.js';
import { type Period, previousPeriod } from '../functions/commons/period/index.js';
import { fanOutValues } from '../functions/commons/pipeline/fan-out-values.js';
import { type CredentialsProvider, generateReport, resolvePeriod } from '../functions/commons/pipeline/generate.js';
import type { ArchiveReader } from '../functions/commons/report/archive-reader.js';
import { PeriodRefusedError } from '../functions/commons/report/report-error.js';
import {
  periodSnapshotKey,
  periodStartDate,
  type SnapshotStore,
  snapshotKey,
} from '../functions/commons/report/snapshot-store.js';
import { FAKE_CREDENTIALS } from '../support/fake-credentials.js';
import type { ProgressStream } from './progress.js';

export interface BackfillOptions {
  config: Config;
  reportId: string;
  /** How many periods, ending with the last full one (or the one before `endBefore`). */
  periods: number;
  /** Regenerate periods already archived. */
  force: boolean;
  /** One segment of a fan-out report only (it must be one of its listed `values`, if listed). */
  segment?: string | undefined;
  store: SnapshotStore;
  archive: ArchiveReader;
  credentials: CredentialsProvider;
  baseUrl: string;
  now: Date;
  /** Ends with the period before this one (the demo backfills the weeks before the one it reports). */
  endBefore?: Period;
  out: ProgressStream;
  onMuxEvent?: (event: MuxEvent) => void;
}

export type BackfillOutcome = 'written' | 'skipped' | 'refused' | 'failed';

export interface BackfillEntry {
  period: Period;
  /** The fan-out segment; null for the whole report; "*" for a `{ top }` listing that failed. */
  segment: string | null;
  outcome: BackfillOutcome;
  /** The snapshot's location (written, skipped) or why not (refused, failed). */
  detail: string;
}

export interface BackfillResult {
  entries: BackfillEntry[];
  /** The fan-out segments backfilled (in first-seen order); empty for a report without fanOut. */
  segments: string[];
  /** Whether the whole report was backfilled too (not with `segment`). */
  whole: boolean;
  count: Record<BackfillOutcome, number>;
  calls: number;
  durationMs: number;
}

/** The periods to backfill, oldest first. */
export function backfillPeriods(config: Config, reportId: string, n: number, now: Date, endBefore?: Period): Period[] {
  const report = findReport(config, reportId);
  let p = endBefore ? previousPeriod(endBefore) : resolvePeriod(report, { kind: 'spec', spec: null }, now);
  const out: Period[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(p);
    p = previousPeriod(p);
  }
  return out;
}

const BAR_WIDTH = 24;

/** `[██████░░░░] 5/12 2026-W40 written`: in place on a terminal, one line per period otherwise. */
function progressLine(done: number, total: number, text: string): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${text}`;
}

/** One snapshot to write: a period of the whole report (segment undefined) or of one of its segments. */
interface Unit {
  period: Period;
  segment: string | undefined;
}

/** What went wrong, as a backfill outcome: Mux refusing the period (retention) or anything else. */
function outcomeOf(error: unknown): { outcome: 'refused' | 'failed'; detail: string } {
  const detail = error instanceof Error ? error.message : String(error);
  const refused =
    error instanceof PeriodRefusedError ||
    (error instanceof MuxApiError && (error.status === 400 || error.status === 422));
  return { outcome: refused ? 'refused' : 'failed', detail };
}

/**
 * The snapshots to write, oldest period first; in a period the whole report, then its segments (so each one's own
 * history reads the periods written before it). `{ top }` segments are listed per period like the scheduled run
 * does; a period whose listing fails gets an entry saying so and only the whole report.
 */
async function plan(
  o: BackfillOptions,
  periods: Period[],
  onMuxEvent: (event: MuxEvent) => void,
): Promise<{ units: Unit[]; listing: BackfillEntry[] }> {
  const report = findReport(o.config, o.reportId);
  if (o.segment !== undefined) {
    const segment = segmentOf(report, o.segment)!.value;
    return { units: periods.map((period) => ({ period, segment })), listing: [] };
  }
  const values = report.fanOut?.values;
  if (values === undefined || Array.isArray(values)) {
    const segments = [undefined, ...(values ?? [])];
    return { units: periods.flatMap((period) => segments.map((segment) => ({ period, segment }))), listing: [] };
  }
  const units: Unit[] = [];
  const listing: BackfillEntry[] = [];
  for (const period of periods) {
    units.push({ period, segment: undefined });
    try {
      const top = await fanOutValues({
        config: o.config,
        reportId: report.id,
        period: { kind: 'spec', spec: period.key },
        credentials: o.credentials,
        now: o.now,
        baseUrl: o.baseUrl,
        onMuxEvent,
      });
      units.push(...top.map((segment) => ({ period, segment })));
    } catch (error) {
      const { outcome, detail } = outcomeOf(error);
      listing.push({ period, segment: '*', outcome, detail: `listing the top segments: ${detail}` });
    }
  }
  return { units, listing };
}

export async function runBackfill(options: BackfillOptions): Promise<BackfillResult> {
  const startedAt = Date.now();
  const report = findReport(options.config, options.reportId);
  const periods = backfillPeriods(options.config, report.id, options.periods, options.now, options.endBefore);
  let calls = 0;
  const onMuxEvent = (event: MuxEvent): void => {
    if (event.type === 'response') calls++;
    options.onMuxEvent?.(event);
  };
  const { units, listing } = await plan(options, periods, onMuxEvent);
  const dates = periods.map((period) => periodStartDate({ period }));
  // One listing per report or segment, on first use; none with `force`.
  const archivedOf = new Map<string | undefined, Promise<Set<string>>>();
  const isArchived = async (u: Unit): Promise<boolean> => {
    if (options.force) return false;
    let set = archivedOf.get(u.segment);
    if (!set) {
      set = options.archive.archivedDates(report.id, report.cadence, dates, u.segment);
      archivedOf.set(u.segment, set);
    }
    return (await set).has(periodStartDate({ period: u.period }));
  };
  const tty = options.out.isTTY === true;
  const show = (done: number, text: string, final: boolean): void => {
    const line = terminalLine(progressLine(done, units.length, text));
    if (tty) options.out.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else options.out.write(`${line}\n`);
  };
  const entries: BackfillEntry[] = [...listing];
  for (const [i, unit] of units.entries()) {
    const { period, segment } = unit;
    const name = segment === undefined ? period.key : `${period.key} [${segment}]`;
    const key = periodSnapshotKey(report.id, report.cadence, periodStartDate({ period }), segment);
    let entry: BackfillEntry;
    if (await isArchived(unit)) {
      entry = { period, segment: segment ?? null, outcome: 'skipped', detail: options.store.locationOf(key) };
    } else {
      if (tty) show(i, `${name} collecting…`, false);
      try {
        const generated = await generateReport({
          config: options.config,
          reportId: report.id,
          period: { kind: 'spec', spec: period.key },
          ...(segment !== undefined ? { segment } : {}),
          credentials: options.credentials,
          now: options.now,
          baseUrl: options.baseUrl,
          archive: options.archive,
          archiveLocationFor: (s) => options.store.locationOf(snapshotKey(s)),
          onMuxEvent,
        });
        const put = await options.store.put(generated.snapshot);
        entry = { period, segment: segment ?? null, outcome: 'written', detail: put.location };
      } catch (error) {
        entry = { period, segment: segment ?? null, ...outcomeOf(error) };
      }
    }
    entries.push(entry);
    const word = entry.outcome === 'skipped' ? 'already archived, skipped' : entry.outcome;
    show(i + 1, `${name} ${word}`, i === units.length - 1);
  }
  const count: Record<BackfillOutcome, number> = { written: 0, skipped: 0, refused: 0, failed: 0 };
  for (const e of entries) count[e.outcome]++;
  const segments = [...new Set(units.flatMap((u) => (u.segment === undefined ? [] : [u.segment])))];
  const whole = units.some((u) => u.segment === undefined);
  return { entries, segments, whole, count, calls, durationMs: Date.now() - startedAt };
}

/** The summary: counts, where the results are, and what to do next. */
export function backfillSummary(result: BackfillResult, reportId: string, where: string): string[] {
  const { count } = result;
  const n = result.segments.length;
  const what = !result.whole
    ? `${reportId} [${result.segments.join(', ')}]`
    : n === 0
      ? reportId
      : `${reportId} and ${n} segment${n === 1 ? '' : 's'}`;
  const lines = [
    `Backfilled ${what}: ${count.written} written, ${count.skipped} already archived (skipped), ${count.refused} refused by Mux, ${count.failed} failed · ${result.calls} Mux calls · ${(result.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const e of result.entries) {
    if (e.outcome === 'refused' || e.outcome === 'failed') {
      lines.push(`  ${e.period.key}${e.segment === null ? '' : ` [${e.segment}]`} ${e.outcome}: ${e.detail}`);
    }
  }
  lines.push(`Snapshots: ${where}`);
  return lines;
}

export interface DemoBackfillOptions {
  config: Config;
  reportId: string;
  /** The period the demo reports: the backfill ends with the one before it. */
  period: Period;
  store: SnapshotStore;
  archive: ArchiveReader;
  now: Date;
  io: { stderr: ProgressStream; cwd: string };
}

/**
 * The demo's first step: the periods before the demo's one that the history section shows (11 weeks), against a
 * fake with no rate limit and a client paced at 50 req/s (the demo itself keeps Mux's real limits, so its own
 * timing stays honest): ~200 calls in a few seconds; nothing when they are already archived.
 */
export async function demoBackfill(o: DemoBackfillOptions): Promise<BackfillResult> {
  const report = findReport(o.config, o.reportId);
  const cadence = o.period.cadence === 'custom' ? report.cadence : o.period.cadence;
  const fast: Config = {
    ...o.config,
    environments: o.config.environments.map((e) => ({
      ...e,
      rateLimit: { ...e.rateLimit, dataPerSecond: 50, monitoringPerSecond: 10 },
    })),
  };
  const fake = await startFakeMux({
    port: 0,
    host: '127.0.0.1',
    now: o.now,
    quiet: true,
    rateLimit: false,
    regressions: DEMO_REGRESSIONS,
  });
  try {
    const periods = historyPeriodsFor(report, cadence) - 1;
    o.io.stderr.write(
      `Backfilling the ${periods} periods before ${o.period.label} into the local archive (unthrottled fake)\n`,
    );
    const result = await runBackfill({
      config: fast,
      reportId: report.id,
      periods,
      force: false,
      store: o.store,
      archive: o.archive,
      credentials: async () => FAKE_CREDENTIALS,
      baseUrl: fake.url,
      now: o.now,
      endBefore: o.period,
      out: o.io.stderr,
    });
    const c = result.count;
    o.io.stderr.write(
      `Backfill: ${c.written} written, ${c.skipped} already archived, ${c.refused + c.failed} not available · ${result.calls} calls · ${(result.durationMs / 1000).toFixed(1)} s\n`,
    );
    return result;
  } finally {
    await fake.close();
  }
}
