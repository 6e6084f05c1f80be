/**
 * Sample snapshots shared by the renderer, delivery, archive tests and the bench (which imports only support/, never
 * test/; test/helpers/sample-snapshots.ts re-exports this module for the tests). Every factory returns a
 * fresh object that passes `snapshotSchema.parse` (checked in test/render/sample-snapshots.test.ts).
 * The report's own fields are written here; each section's part comes from its folder
 * (functions/commons/sections/<id>/sample.ts, found by id: adding a section adds nothing here).
 *
 * - `defaultSnapshot()`: a realistic weekly report (2026-W47, Europe/Paris).
 * - `worstCaseSnapshot()`: every list at its configured maximum, long non-ASCII names (size budget).
 * - `emptySnapshot()`: "no views in this period".
 * - `hostileSnapshot()`: markup, template tags, bidi overrides and CR/LF in every string that comes from Mux.
 * - `partialSnapshot()`: some sections unavailable (with reasons), one disabled.
 * - `scorecardSnapshot()`: a scorecard-tier fan-out segment (scores, volume, key metrics, history).
 * - `hourlySnapshot()`: a daily report with 24 hourly trend points.
 */
import { SECTION_IDS, type SectionId } from '../functions/commons/catalog/sections.js';
import {
  type PeriodJson,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '../functions/commons/report/snapshot-schema.js';
import { type SectionParts, sectionModule } from '../functions/commons/sections/registry.js';
import { HOSTILE_STRINGS, hostile, longTitle, type SectionSample } from '../functions/commons/sections/sample-kit.js';
import { hourlyTrend } from '../functions/commons/sections/trend/sample.js';

export { HOSTILE_STRINGS, longTitle };

type Samples = { [K in SectionId]: SectionSample<SectionParts[K]> };

/** Each section's `sample`, imported by id (URLs, so that no bundler or transform tries to resolve them ahead). */
const samples = Object.fromEntries(
  await Promise.all(
    SECTION_IDS.map(async (id) => {
      const url = new URL(`../functions/commons/sections/${id}/sample.ts`, import.meta.url).href;
      const module = (await import(url)) as { sample?: SectionSample<unknown> };
      if (!module.sample) throw new Error(`sections/${id}/sample.ts exports no \`sample\``);
      return [id, module.sample] as const;
    }),
  ),
) as Samples;

type Variant = keyof SectionSample<unknown>;
const parts = (variant: Variant): SectionParts =>
  Object.fromEntries(SECTION_IDS.map((id) => [id, samples[id][variant]()])) as SectionParts;

const period = (over: Partial<PeriodJson> = {}): PeriodJson => ({
  key: '2026-W47',
  label: 'week of 16 Nov 2026',
  cadence: 'weekly',
  timeZone: 'Europe/Paris',
  start: '2026-11-16T00:00:00+01:00',
  end: '2026-11-23T00:00:00+01:00',
  startEpoch: 1794783600,
  endEpoch: 1795388400,
  ...over,
});

const previousWeek = (): PeriodJson =>
  period({
    key: '2026-W46',
    label: 'week of 9 Nov 2026',
    start: '2026-11-09T00:00:00+01:00',
    end: '2026-11-16T00:00:00+01:00',
    startEpoch: 1794178800,
    endEpoch: 1794783600,
  });

const allSections = (status: 'ok' | 'unavailable' | 'disabled' = 'ok'): Snapshot['sections'] =>
  Object.fromEntries(SECTION_IDS.map((id) => [id, status])) as Record<SectionId, typeof status>;

function snapshotWith(variant: Variant): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    report: { id: 'web-weekly', title: 'Web player — weekly QoE', cadence: 'weekly', filters: [] },
    environment: { name: 'production', dashboardUrl: 'https://dashboard.mux.com' },
    period: period(),
    previousPeriod: previousWeek(),
    generatedAt: '2026-11-23T07:00:04.512Z',
    archiveLocation: 's3://mux-qoe-reports-archive/snapshots/report=web-weekly/period=2026-W47/snapshot.json',
    headline: {
      text: 'Viewer experience 82 (+3 vs last week, Mux global 79) — week of 16 Nov 2026',
      totalViews: 48213,
      hasViews: true,
    },
    sections: allSections(),
    ...parts(variant),
    cost: { calls: 41, retries: 1, rateLimited: 0, bytes: 183_402, durationMs: 9_412 },
  };
}

/** A realistic weekly report for 2026-W47 (Europe/Paris). */
export function defaultSnapshot(): Snapshot {
  return snapshotWith('default');
}

/** Every list at its maximum (topN 10, 8 breakdowns × 10 + Other, 31 days, 20 failed views, 10 incidents). */
export function worstCaseSnapshot(): Snapshot {
  const s = snapshotWith('worstCase');
  s.report = { id: 'all-players-monthly', title: longTitle(0), cadence: 'monthly', filters: ['!player_name:test'] };
  s.period = period({
    key: '2026-10',
    label: 'October 2026',
    cadence: 'monthly',
    start: '2026-10-01T00:00:00+02:00',
    end: '2026-11-01T00:00:00+01:00',
    startEpoch: 1790805600,
    endEpoch: 1793487600,
  });
  s.previousPeriod = period({
    key: '2026-09',
    label: 'September 2026',
    cadence: 'monthly',
    start: '2026-09-01T00:00:00+02:00',
    end: '2026-10-01T00:00:00+02:00',
    startEpoch: 1788213600,
    endEpoch: 1790805600,
  });
  s.headline.text = `Viewer experience 82 (+3 vs previous month, Mux global 79) — October 2026 ${longTitle(99)}`;
  return s;
}

/** "No views in this period": sections ok but empty, values null. */
export function emptySnapshot(): Snapshot {
  const s = snapshotWith('empty');
  s.headline = { text: 'No views — week of 16 Nov 2026', totalViews: 0, hasViews: false };
  return s;
}

/** Hostile strings in every field that comes from Mux or from the configuration. */
export function hostileSnapshot(): Snapshot {
  const s = snapshotWith('hostile');
  s.report.title = `Report ${hostile(0)} ${hostile(2)}\r\nBcc: victim@example.com`;
  s.headline.text = `Viewer experience 82 ${hostile(1)}\r\nBcc: victim@example.com ${hostile(3)} ${hostile(4)}`;
  s.archiveLocation = `s3://bucket/${hostile(1)}`;
  s.environment.name = hostile(3);
  return s;
}

/** Section `id` marked unavailable or disabled with `reason`, its fields empty. */
function without<K extends SectionId>(s: Snapshot, id: K, status: 'unavailable' | 'disabled', reason: string): void {
  s.sections[id] = status;
  const module = sectionModule(id);
  const ctx = { period: s.period } as Parameters<typeof module.empty>[0];
  (s as unknown as Record<SectionId, unknown>)[id] = { status, reason, ...module.empty(ctx) };
}

/** Some sections unavailable (with reasons), one disabled. */
export function partialSnapshot(): Snapshot {
  const s = defaultSnapshot();
  without(s, 'incidents', 'unavailable', 'Mux answered 403 Forbidden: the token lacks Monitoring access');
  without(s, 'breakdowns', 'unavailable', 'Mux rate limit: gave up after 4 retries');
  without(s, 'failedViews', 'disabled', 'Disabled in the report configuration');
  return s;
}

/**
 * A scorecard-tier segment of a fan-out (config/fan-out.ts `scorecardTier`): scores, volume, key metrics and history
 * only, the other sections switched off.
 */
export function scorecardSnapshot(): Snapshot {
  const kept: ReadonlySet<SectionId> = new Set(['scores', 'volume', 'keyMetrics', 'history']);
  const s = defaultSnapshot();
  s.report = {
    id: 'per-customer',
    title: 'Per customer — weekly QoE: cust-0412',
    cadence: 'weekly',
    filters: ['sub_property_id:cust-0412'],
    segment: {
      dimension: 'sub_property_id',
      value: 'cust-0412',
      tier: 'scorecard',
      fullReports: { top: 20, sections: SECTION_IDS.filter((id) => !kept.has(id)) },
    },
  };
  for (const id of SECTION_IDS)
    if (!kept.has(id)) without(s, id, 'disabled', 'Scorecard tier: full reports go to the largest segments');
  return s;
}

/** A daily report (Sunday 22 Nov 2026) with 24 hourly trend points. */
export function hourlySnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.report = { id: 'web-daily', title: 'Web player — daily QoE', cadence: 'daily', filters: [] };
  s.period = period({
    key: '2026-11-22',
    label: 'Sun 22 Nov 2026',
    cadence: 'daily',
    start: '2026-11-22T00:00:00+01:00',
    end: '2026-11-23T00:00:00+01:00',
    startEpoch: 1795302000,
    endEpoch: 1795388400,
  });
  s.previousPeriod = period({
    key: '2026-11-21',
    label: 'Sat 21 Nov 2026',
    cadence: 'daily',
    start: '2026-11-21T00:00:00+01:00',
    end: '2026-11-22T00:00:00+01:00',
    startEpoch: 1795215600,
    endEpoch: 1795302000,
  });
  s.headline.text = 'Viewer experience 85 (+5 vs previous day, Mux global 79) — Sun 22 Nov 2026';
  s.trend = hourlyTrend();
  return s;
}
