/**
 * Which `timeframe[]` the engine sends Mux for a local period, so that Mux's rounding changes nothing.
 *
 * Mux rounds every timeframe (changelog 2022-05-12) by its length: 6 hours or less to ten-minute boundaries, up to
 * 15 days to the hour, longer to whole days; day boundaries are UTC midnights (the API has no time-zone parameter).
 * The direction of that rounding is not documented. A report's period is a LOCAL calendar span: a week in
 * Asia/Kolkata starts at 18:30 UTC, a month in America/New_York at 04:00 or 05:00 UTC, so Mux would move those
 * bounds, by up to half a day, in a direction we cannot know.
 *
 * The rule: every span is sent with each bound moved to the NEAREST boundary of the rounding class Mux will apply
 * to it. Ties (a bound exactly half a step from two boundaries: :30 at hour class, :05/:15/:45 at ten minutes,
 * 12:00 UTC at day class) go to the EARLIER boundary, so a bound is never moved later by a tie and a period that
 * ends at "now" is never asked for the future because of one. A span already made of boundaries is one Mux leaves
 * alone whatever its direction, so what we send is what Mux answers for. The current period and the one it is
 * compared with use ONE class (the coarsest either needs), so both are aligned the same way and deltas compare
 * like with like. That never makes Mux pick a coarser class than the one aligned to: each bound moves by at most
 * half a step, so an aligned length is below (length + one step) and, being a multiple of the step, stays within
 * the limit of the class (6 h and 15 days are multiples of ten minutes and of an hour). A finer class is harmless:
 * coarser boundaries (UTC midnights, whole hours) are boundaries of every finer class too.
 *
 * Examples: a weekly report in Asia/Kolkata (+05:30) is sent as Sun 18:00 → Sun 18:00 UTC (23:30 IST, the tie goes
 * earlier); a daily one in Asia/Kathmandu (+05:45, 18:15 UTC) as 18:00 → 18:00 UTC; a monthly one in
 * America/New_York (04:00/05:00 UTC) as UTC midnight → UTC midnight; a weekly one in UTC unchanged.
 *
 * Epoch seconds only: no time zones here (the period module owns them).
 */

export interface Span {
  startEpoch: number;
  endEpoch: number;
}

/** Mux's rounding classes, finest first; the names are Mux's timeseries granularities. */
export const ROUNDING_CLASSES = ['ten_minutes', 'hour', 'day'] as const;
export type RoundingClass = (typeof ROUNDING_CLASSES)[number];

export const ROUNDING_STEP_S: Readonly<Record<RoundingClass, number>> = { ten_minutes: 600, hour: 3600, day: 86_400 };

const SIX_HOURS_S = 6 * 3600;
const FIFTEEN_DAYS_S = 15 * 86_400;

/** The class Mux rounds a timeframe of this length to: ≤ 6 h → ten minutes, ≤ 15 days → hour, else day. */
export function roundingClassOf(lengthS: number): RoundingClass {
  if (lengthS <= SIX_HOURS_S) return 'ten_minutes';
  if (lengthS <= FIFTEEN_DAYS_S) return 'hour';
  return 'day';
}

/** The boundary (multiple of `stepS`) nearest to `epochS`; a tie goes to the earlier one. */
export function alignBound(epochS: number, stepS: number): number {
  const rest = ((epochS % stepS) + stepS) % stepS;
  return rest * 2 <= stepS ? epochS - rest : epochS - rest + stepS;
}

function alignSpan(span: Span, stepS: number): Span {
  const startEpoch = alignBound(span.startEpoch, stepS);
  const endEpoch = alignBound(span.endEpoch, stepS);
  // Only a span shorter than half a step could collapse (periods last an hour at least): keep one step.
  return { startEpoch, endEpoch: endEpoch > startEpoch ? endEpoch : startEpoch + stepS };
}

const rank = (c: RoundingClass): number => ROUNDING_CLASSES.indexOf(c);
const coarsest = (spans: readonly Span[]): number =>
  Math.max(0, ...spans.map((s) => rank(roundingClassOf(s.endEpoch - s.startEpoch))));

export interface AlignedSpans {
  /** The class every span was aligned to. */
  rounding: RoundingClass;
  /** The spans to send, in the order given. */
  spans: Span[];
}

/** Aligns spans that are compared with each other (current and previous period) to one class; see the rule above. */
export function alignSpans(spans: readonly Span[]): AlignedSpans {
  const rounding = ROUNDING_CLASSES[coarsest(spans)]!;
  return { rounding, spans: spans.map((s) => alignSpan(s, ROUNDING_STEP_S[rounding])) };
}

export const sameSpan = (a: Span, b: Span): boolean => a.startEpoch === b.startEpoch && a.endEpoch === b.endEpoch;
