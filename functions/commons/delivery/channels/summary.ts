/**
 * The snapshot summary every non-email channel is built from, and the body of the signed webhook as is (its shape is
 * documented in docs/channels.md; `summaryVersion` changes only on breaking changes). Small on purpose: the headline,
 * the fan-out segment and its tier, the scores and key metrics with their deltas, the top causes when the snapshot
 * has them, and links. The full data
 * stays in the archived snapshot.
 */
import * as z from 'zod';
import { scorecardTag } from '../../report/scorecard-note.js';
import type { Snapshot } from '../../report/snapshot-schema.js';
import { metricName } from '../../snapshot/metric-value.js';
import type { MetricValue } from '../../snapshot/parts.js';

export const SUMMARY_VERSION = 1;
/** Causes shown in chat: Slack's and Teams' cards stay readable on a phone with three. */
export const MAX_CAUSES = 3;

export interface SummaryMetric {
  metric: string;
  measurement: string | null;
  label: string;
  value: number | null;
  display: string;
  previousDisplay: string;
  deltaDisplay: string;
  verdict: MetricValue['verdict'];
  globalDisplay: string | null;
}

export interface SummaryCause {
  /** "Video startup time (median) +120 ms vs last week — 70% of it from browser Safari: +410 ms on 29% of views". */
  text: string;
  url: string | null;
}

export interface SnapshotSummary {
  type: 'mux-qoe-report';
  summaryVersion: typeof SUMMARY_VERSION;
  report: { id: string; title: string; cadence: string };
  /**
   * Fan-out reports only (null otherwise): whose numbers these are and the tier; `scorecard` holds scores, volume,
   * key metrics and history only, and `note` says so in a few words (report/scorecard-note.ts; null for `full`).
   */
  segment: { dimension: string; value: string; tier: 'full' | 'scorecard'; note: string | null } | null;
  environment: string;
  period: { key: string; label: string; start: string; end: string; timeZone: string };
  /** Numbers still arriving (a period that ended less than an hour ago). */
  partial: boolean;
  generatedAt: string;
  headline: string;
  totalViews: number;
  scores: SummaryMetric[];
  keyMetrics: SummaryMetric[];
  causes: SummaryCause[];
  links: { dashboard: string; archivedHtml: string | null; snapshot: string | null };
}

const metric = (m: MetricValue): SummaryMetric => ({
  metric: m.metric,
  measurement: m.measurement,
  label: metricName(m),
  value: m.value,
  display: m.display,
  previousDisplay: m.previousDisplay,
  deltaDisplay: m.deltaDisplay,
  verdict: m.verdict,
  globalDisplay: m.globalDisplay,
});

/**
 * The causes section is optional (added within v1, absent from older snapshots and switched off in some reports):
 * read it through this narrow schema, so a snapshot without it, or with another shape, simply has no causes.
 */
const causesView = z.object({
  status: z.literal('ok'),
  items: z.array(
    z.object({
      sentence: z.string(),
      causes: z.array(z.object({ url: z.string().optional() })).optional(),
    }),
  ),
});

export function topCauses(snapshot: Snapshot): SummaryCause[] {
  const parsed = causesView.safeParse((snapshot as Record<string, unknown>).causes);
  if (!parsed.success) return [];
  return parsed.data.items
    .slice(0, MAX_CAUSES)
    .map((item) => ({ text: item.sentence, url: item.causes?.[0]?.url || null }));
}

/** An https link to the archived object in the S3 console (needs AWS sign-in: a chat message gets forwarded). */
export function consoleLink(location: string | null, region: string | undefined): string | null {
  const match = location?.match(/^s3:\/\/([^/]+)\/(.+)$/);
  if (!match || !region) return null;
  const [, bucket, key] = match;
  return `https://${region}.console.aws.amazon.com/s3/object/${bucket}?region=${region}&prefix=${encodeURIComponent(key ?? '')}`;
}

export interface SummaryLinks {
  /** Location of the archived report.html (`s3://…`), when kept. */
  archivedHtml: string | null;
  region?: string;
}

function segmentOf(snapshot: Snapshot): SnapshotSummary['segment'] {
  const segment = snapshot.report.segment;
  if (!segment) return null;
  const { dimension, value } = segment;
  return { dimension, value, tier: segment.tier ?? 'full', note: scorecardTag(segment) };
}

export function summarize(snapshot: Snapshot, links: SummaryLinks): SnapshotSummary {
  const region = links.region ?? process.env.AWS_REGION;
  return {
    type: 'mux-qoe-report',
    summaryVersion: SUMMARY_VERSION,
    report: { id: snapshot.report.id, title: snapshot.report.title, cadence: snapshot.report.cadence },
    segment: segmentOf(snapshot),
    environment: snapshot.environment.name,
    period: {
      key: snapshot.period.key,
      label: snapshot.period.label,
      start: snapshot.period.start,
      end: snapshot.period.end,
      timeZone: snapshot.period.timeZone,
    },
    partial: snapshot.coverage?.partial ?? false,
    generatedAt: snapshot.generatedAt,
    headline: snapshot.headline.text,
    totalViews: snapshot.headline.totalViews,
    scores: snapshot.scores.items.map(metric),
    keyMetrics: snapshot.keyMetrics.items.map(metric),
    causes: topCauses(snapshot),
    links: {
      dashboard: snapshot.environment.dashboardUrl,
      archivedHtml: consoleLink(links.archivedHtml, region),
      snapshot: consoleLink(snapshot.archiveLocation, region),
    },
  };
}
