/**
 * Fan-out: one report definition yields one report per value of a Mux dimension (a video platform sending each
 * customer, `sub_property_id`, its own weekly QoE; or one per `player_name`, `custom_1`, `video_series`, …).
 *
 *   fanOut: { dimension, values: ["a", "b"] | { top: N, minViews }, recipients: { "a": [...] }, fullReports: { top: K } }
 *
 * Each value ("segment") is its own report: filters += `dimension:value`, its own snapshot key (the segment is a
 * key part, report/snapshot-store.ts), its own idempotency key and its own email, to `recipients[value]` or, when
 * the value has no list, to the report's `recipients`. With `{ top, minViews }` the values are Mux's most viewed
 * ones over the report's period (`GET /data/v1/dimensions/{id}`), listed when the run fans out. Those values come
 * from viewers (anyone holding the environment key can send any), so `match` (a pattern the whole value must match)
 * and/or `allow` (a list) say which may become segments; the others are skipped and reported.
 * With `fullReports: { top: K }` only the K largest segments get the full report; the others get a scorecard report
 * built from calls shared by all segments (pipeline/fan-out-plan.ts, report/shared-scorecards.ts).
 */
import * as z from 'zod';
import { isVerbatim } from '../mux/untrusted-text.js';
import type { FanOutConfig } from './fan-out-schema.js';

export type { FanOutConfig } from './fan-out-schema.js';

/** Mux dimension values are free text; a segment is also an S3 key part (encoded) and an email subject part. */
export const SEGMENT_MAX_LENGTH = 200;
/**
 * At most this many segments per report and run. A segment of the scorecard tier costs no Mux call of its own (its
 * scorecard comes from the run's shared grouped calls, pipeline/shared-scorecards.ts: a number of calls that grows
 * with the metrics and the pages of 100 segments, not with the segments), so the bound is the queue: 1,000
 * messages of ~1 s each (snapshot, email) keep one environment's FIFO group busy ~15 minutes, and one fan-out
 * message's SendMessageBatch calls ≤ 100.
 */
export const MAX_SEGMENTS = 1000;
/**
 * At most this many full reports per run (~28 Mux calls each ≈ 6 s at 5 req/s: 100 keep one environment's queue
 * under ~10 minutes). A fan-out with more segments must say which get the full report (`fullReports: { top: K }`);
 * the others get a scorecard report.
 */
export const MAX_FULL_REPORTS = 100;

/** Longest `match` pattern, and most `allow` values (a list that long is better written as `values`). */
export const MATCH_MAX_LENGTH = 500;
export const MAX_ALLOWED_VALUES = 10_000;

export const segmentValue = z
  .string()
  .min(1, 'must not be empty')
  .max(SEGMENT_MAX_LENGTH, `must be at most ${SEGMENT_MAX_LENGTH} characters`)
  // Control characters would end up in an email subject and an S3 key.
  .refine((v) => !/\p{Cc}/u.test(v), { message: 'must not contain control characters' });

/** One value of a fan-out report. */
export interface Segment {
  dimension: string;
  value: string;
}

/**
 * What a segment's report holds: `full` (every section the report configures) or `scorecard` (the tier of
 * `fullReports`: the sections below only, whose numbers the shared grouped calls carry).
 */
export type SegmentTier = 'full' | 'scorecard';
const SCORECARD_SECTIONS: ReadonlySet<string> = new Set(['scores', 'volume', 'keyMetrics', 'history']);

/**
 * The report of a scorecard-tier segment: the same report (one template, one snapshot schema) with every section
 * but scores, volume, key metrics and history switched off; those four keep the report's own setting.
 */
export function scorecardTier<R extends { sections: Record<string, boolean> }>(report: R): R {
  const sections = Object.fromEntries(
    Object.entries(report.sections).map(([id, on]) => [id, on && SCORECARD_SECTIONS.has(id)]),
  ) as R['sections'];
  return { ...report, sections };
}

/**
 * The tier of each segment: with `fullReports: { top: K }` the K with the most views (`views`, ties in the
 * given order) get the full report and the others a scorecard; without it, every segment gets the full report.
 */
export function segmentTiers(
  fanOut: Pick<FanOutConfig, 'fullReports'>,
  segments: readonly string[],
  views: (segment: string) => number | null,
): { value: string; tier: SegmentTier }[] {
  const k = fanOut.fullReports?.top;
  if (k === undefined) return segments.map((value) => ({ value, tier: 'full' }));
  const ranked = segments
    .map((value, i) => ({ value, i, views: views(value) ?? 0 }))
    .sort((a, b) => b.views - a.views || a.i - b.i);
  const full = new Set(ranked.slice(0, k).map((r) => r.value));
  return segments.map((value) => ({ value, tier: full.has(value) ? 'full' : 'scorecard' }));
}

interface FanOutReport {
  id: string;
  title: string;
  filters: string[];
  recipients: string[];
  fanOut?: FanOutConfig | undefined;
}

export class SegmentError extends Error {
  override readonly name = 'SegmentError';
}

/**
 * Checks a segment value asked for (queue message, on-demand `segment=`) against the report's fan-out: a report
 * without `fanOut` has no segments; a listed `values` must contain it; `{ top }` values are Mux's, known only when
 * the run lists them, so any well-formed value is accepted (Mux answers an unknown one with no views).
 */
export function segmentOf(report: FanOutReport, value: string | undefined): Segment | undefined {
  if (value === undefined) return undefined;
  const fanOut = report.fanOut;
  if (!fanOut) throw new SegmentError(`report "${report.id}" has no fanOut: it has no segment "${value}"`);
  const parsed = segmentValue.safeParse(value);
  if (!parsed.success) throw new SegmentError(`segment ${parsed.error.issues[0]!.message}`);
  if (Array.isArray(fanOut.values) && !fanOut.values.includes(value)) {
    throw new SegmentError(
      `report "${report.id}" has no segment "${value}" (fanOut.values: ${fanOut.values.join(', ')})`,
    );
  }
  if (!Array.isArray(fanOut.values)) {
    const reason = valueRefusal(fanOut.values)(value);
    if (reason) {
      const why = reason === 'not-allowed' ? 'is not in fanOut.values.allow' : 'does not match fanOut.values.match';
      throw new SegmentError(`report "${report.id}" has no segment "${value}": it ${why}`);
    }
  }
  return { dimension: fanOut.dimension, value };
}

/**
 * The report as one segment sees it: its filter added, its recipients (the value's or the report's) and its
 * value in the title, so each customer's email says whose numbers it holds.
 */
export function applySegment<R extends FanOutReport>(report: R, segment: Segment | undefined): R {
  if (!segment) return report;
  const recipients = report.fanOut?.recipients[segment.value] ?? report.recipients;
  return {
    ...report,
    title: `${report.title}: ${segment.value}`,
    filters: [...report.filters, `${segment.dimension}:${segment.value}`],
    recipients: [...recipients],
  };
}

/** The `{ top }` rule of a fan-out (`values` not a list). */
export interface TopRule {
  top: number;
  minViews: number;
  match?: string | undefined;
  allow?: readonly string[] | undefined;
}

/** Why a `{ top }` value does not become a segment (config `match`/`allow`, or not a usable segment value). */
export type SkipReason = 'no-match' | 'not-allowed' | 'malformed';

export interface SkippedValue {
  value: string;
  views: number;
  reason: SkipReason;
}

/**
 * Whether a value may be a segment of this rule: null, or why not. `match` must match the whole value (anchored),
 * so `cust-[0-9]+` does not let `cust-1<a href=…>` through.
 */
export function valueRefusal(rule: Pick<TopRule, 'match' | 'allow'>): (value: string) => SkipReason | null {
  const pattern = rule.match === undefined ? null : new RegExp(`^(?:${rule.match})$`, 'u');
  const allowed = rule.allow === undefined ? null : new Set(rule.allow);
  return (value) => {
    // A value the Mux boundary had to alter (mux/untrusted-text.ts) would filter on another value: skipped.
    if (!fanOutEligible(value)) return 'malformed';
    if (allowed && !allowed.has(value)) return 'not-allowed';
    if (pattern && !pattern.test(value)) return 'no-match';
    return null;
  };
}

export interface TopSelection {
  values: string[];
  /** Values with enough views that were passed over, most viewed first. */
  skipped: SkippedValue[];
  /** True when no later row can add a value: `top` reached, or the rows are below `minViews`. */
  complete: boolean;
}

/**
 * The values with enough views, most viewed first, at most `top`, that pass `match`/`allow` (from
 * `GET /data/v1/dimensions/{id}` rows, possibly several pages of them).
 */
export function selectTopValues(
  rows: readonly { value: string | null; total_count: number | null }[],
  rule: TopRule,
): TopSelection {
  const refuse = valueRefusal(rule);
  const sorted = rows
    .filter((r): r is { value: string; total_count: number | null } => r.value !== null && r.value !== '')
    .sort((a, b) => (b.total_count ?? 0) - (a.total_count ?? 0) || a.value.localeCompare(b.value));
  const values: string[] = [];
  const skipped: SkippedValue[] = [];
  for (const row of sorted) {
    const views = row.total_count ?? 0;
    if (views < rule.minViews) return { values, skipped, complete: true };
    if (values.length === rule.top) return { values, skipped, complete: true };
    const reason = refuse(row.value);
    if (reason) skipped.push({ value: row.value, views, reason });
    else if (!values.includes(row.value)) values.push(row.value);
  }
  return { values, skipped, complete: values.length === rule.top };
}

/** The selected values only (selectTopValues). */

/** Whether a value listed by Mux can be a segment: a valid segment value that Mux's text boundary left as sent. */
export function fanOutEligible(value: string): boolean {
  return isVerbatim(value) && segmentValue.safeParse(value).success;
}

export function topValues(
  rows: readonly { value: string | null; total_count: number | null }[],
  rule: TopRule,
): string[] {
  return selectTopValues(rows, rule).values;
}
