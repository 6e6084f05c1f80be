/**
 * The main job, minus delivery: config → period → credentials → collect (Mux) → snapshot → render.
 * Shared by the scheduled handler, the on-demand handler and the local CLI so there is one code path.
 */

import { SECTION_IDS } from '../catalog/sections.js';
import { applySegment, type Segment, type SegmentTier, scorecardTier, segmentOf } from '../config/fan-out.js';
import { environmentOf, findReport } from '../config/lookup.js';
import type { Config, EnvironmentConfig, ReportConfig } from '../config/schema.js';
import { timed, timedSync } from '../observability/phases.js';
import { type Period, parsePeriodSpec, previousPeriod, scheduledPeriod } from '../period/index.js';
import { type RenderedEmail, renderEmail } from '../render/index.js';
import { collectFromSource } from '../report/collect.js';
import { planRequest } from '../report/coverage.js';
import { muxReportSource } from '../report/mux-source.js';
import { covers, type SharedScorecards, sharedSegmentSource } from '../report/shared-scorecards.js';
import type { Snapshot } from '../report/snapshot-schema.js';
import { type SnapshotArchive, segmentArchive } from '../sections/archive.js';
import { type CredentialsProvider, createMuxClient, type MuxClientSetup } from './mux-client.js';

export {
  type CredentialsProvider,
  createMuxClient,
  limiterFor,
  type MuxClientSetup,
  type MuxCredentials,
} from './mux-client.js';

/** How the period is chosen: from a schedule's time (never "now"), or from an on-demand spec. */
export type PeriodRequest =
  | { kind: 'scheduled'; scheduledTime: Date }
  | { kind: 'spec'; spec: string | null /* null = the last full period of the report's cadence */ };

/** The client setup (`baseUrl`, `onMuxEvent`, `clientOptions`) and what to generate. */
export interface GenerateOptions extends MuxClientSetup {
  config: Config;
  reportId: string;
  period: PeriodRequest;
  credentials: CredentialsProvider;
  /** The clock for "last week", `generatedAt` and whether the period is partial. */
  now?: Date;
  /** One value of a fan-out report (config/fan-out.ts); checked against its `fanOut`. */
  segment?: string;
  /** Used for the footer ("where the snapshot is archived"), before the store confirms it. */
  archiveLocationFor?: (snapshot: Snapshot) => string | null;
  /** The report's archive, read-only, for the history section (report/archive-reader.ts). */
  archive?: SnapshotArchive | null;
  /** A fan-out segment's tier (config/fan-out.ts `fullReports`); default `full`. */
  tier?: SegmentTier;
  /**
   * The fan-out run's shared scorecards (report/shared-scorecards.ts): a `scorecard` segment they cover is built
   * from them without a Mux call; one they do not cover gets its scorecard from filtered calls.
   */
  shared?: SharedScorecards | null;
}

export interface GeneratedReport {
  report: ReportConfig;
  environment: EnvironmentConfig;
  period: Period;
  previousPeriod: Period;
  snapshot: Snapshot;
  email: RenderedEmail;
}

/**
 * The local period a request names. Mux's retention is not checked here: it depends on the plan (100 days on
 * standard plans, longer with Long Term Metrics), so Mux is asked and its refusal is a `PeriodRefusedError`
 * naming the period and Mux's message (report/collect.ts).
 */
export function resolvePeriod(report: ReportConfig, request: PeriodRequest, now: Date): Period {
  return request.kind === 'scheduled'
    ? scheduledPeriod(report.cadence, request.scheduledTime, report.timeZone)
    : request.spec === null
      ? scheduledPeriod(report.cadence, now, report.timeZone)
      : parsePeriodSpec(request.spec, { cadence: report.cadence, timeZone: report.timeZone, now });
}

/**
 * A scorecard-tier segment's label in the snapshot: the tier, and from the config who gets the full report and the
 * sections it adds (those the report configures that the scorecard switched off), for the email's note.
 */
function scorecardSegment(
  segment: Segment,
  configured: ReportConfig,
  scorecard: ReportConfig,
): NonNullable<Snapshot['report']['segment']> {
  const top = configured.fanOut?.fullReports?.top;
  if (top === undefined) return { ...segment, tier: 'scorecard' };
  const sections = SECTION_IDS.filter((id) => configured.sections[id] && !scorecard.sections[id]);
  return { ...segment, tier: 'scorecard', fullReports: { top, sections } };
}

export async function generateReport(options: GenerateOptions): Promise<GeneratedReport> {
  const now = options.now ?? new Date();
  const configured = findReport(options.config, options.reportId);
  const segment = segmentOf(configured, options.segment);
  const segmented = applySegment(configured, segment);
  const report = segment && options.tier === 'scorecard' ? scorecardTier(segmented) : segmented;
  const environment = environmentOf(options.config, report);
  const period = resolvePeriod(report, options.period, now);
  const previous = previousPeriod(period);
  const plan = planRequest(period, previous);
  const shared =
    segment &&
    options.tier === 'scorecard' &&
    covers(options.shared ?? null, segment.value, plan.current, plan.previous)
      ? options.shared!
      : null;
  // A segment the shared scorecards cover needs no client (and no credentials): no Mux call at all.
  const client = shared ? null : await createMuxClient(environment, options.credentials, options);
  try {
    const source =
      shared && segment ? sharedSegmentSource(shared, segment.value) : muxReportSource(client!, report.filters);
    const collected = await timed('mux', () =>
      collectFromSource({
        report,
        environment,
        period,
        previousPeriod: previous,
        source,
        now,
        archive:
          options.archive && segment ? segmentArchive(options.archive, segment.value) : (options.archive ?? null),
      }),
    );
    const labelled = segment
      ? {
          ...collected,
          report: {
            ...collected.report,
            segment: options.tier === 'scorecard' ? scorecardSegment(segment, configured, report) : segment,
          },
        }
      : collected;
    const snapshot: Snapshot = { ...labelled, archiveLocation: options.archiveLocationFor?.(labelled) ?? null };
    const email = timedSync('render', () => renderEmail(snapshot, { audience: report.audience }));
    return { report, environment, period, previousPeriod: previous, snapshot, email };
  } finally {
    await client?.close();
  }
}
