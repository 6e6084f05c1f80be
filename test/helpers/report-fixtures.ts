/** Small fixed inputs shared by the engine and section tests. */
import { type ReportConfig, reportSchema } from '../../functions/commons/config/schema.js';
import type { Snapshot } from '../../functions/commons/report/snapshot-schema.js';
import type { PeriodJson } from '../../functions/commons/snapshot/parts.js';

/** 2026-W46 in Europe/Paris: Mon 9 Nov 2026 00:00 +01:00 → Mon 16 Nov 2026 00:00 +01:00 (23:00Z both). */
export const WEEK_46: PeriodJson = {
  key: '2026-W46',
  label: 'week of 9 Nov 2026',
  cadence: 'weekly',
  timeZone: 'Europe/Paris',
  start: '2026-11-09T00:00:00+01:00',
  end: '2026-11-16T00:00:00+01:00',
  startEpoch: 1794178800,
  endEpoch: 1794783600,
};

/** The week before. */
export const WEEK_45: PeriodJson = {
  ...WEEK_46,
  key: '2026-W45',
  label: 'week of 2 Nov 2026',
  start: '2026-11-02T00:00:00+01:00',
  end: '2026-11-09T00:00:00+01:00',
  startEpoch: 1793574000,
  endEpoch: 1794178800,
};

/** A minimal valid report (defaults for everything else), with overrides. */
export const reportConfig = (over: Record<string, unknown> = {}): ReportConfig =>
  reportSchema.parse({
    id: 'r',
    title: 'R',
    environment: 'prod',
    recipients: ['a@example.com'],
    from: 'b@example.com',
    ...over,
  });

/** What a scorecard shows: every number of its sections and headline (grouped vs filtered comparisons). */
export const scorecardShown = (s: Snapshot) => ({
  headline: s.headline,
  sections: s.sections,
  scores: s.scores,
  keyMetrics: s.keyMetrics,
  volume: s.volume,
});
