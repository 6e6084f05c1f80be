/**
 * Fan-out: one report definition yields one report per value of a Mux dimension (a video platform sending each
 * customer, `sub_property_id`, its own weekly QoE; or one per `player_name`, `custom_1`, `video_series`, …).
 *
 *   fanOut: { dimension, values: ["a", "b"] | { top: N, minViews }, recipients: { "a": [...] } }
 *
 * Each value ("segment") is its own report: filters += `dimension:value`, its own snapshot key (the segment is a
 * key part, report/snapshot-store.ts), its own idempotency key and its own email, to `recipients[value]` or, when
 * the value has no list, to the report's `recipients`. With `{ top, minViews }` the values are Mux's most viewed
 * ones over the report's period (`GET /data/v1/dimensions/{id}`), listed when the run fans out.
 */
import * as z from 'zod';
import { MUX_ID_PATTERN } from '../catalog/ids.js';
import { isVerbatim } from '../mux/untrusted-text.js';
import { closest, KNOWN_DIMENSIONS } from './dimensions.js';

/** Mux dimension values are free text; a segment is also an S3 key part (encoded) and an email subject part. */
export const SEGMENT_MAX_LENGTH = 200;
/**
 * At most this many segments per report and run: each is a full report (~19 Mux calls ≈ 4 s at 5 req/s), so 100
 * segments keep one environment's queue under ~7 minutes and one fan-out message's SendMessageBatch calls ≤ 10.
 */
export const MAX_SEGMENTS = 100;

const email = z.email({ message: 'must be an email address' });

export const segmentValue = z
  .string()
  .min(1, 'must not be empty')
  .max(SEGMENT_MAX_LENGTH, `must be at most ${SEGMENT_MAX_LENGTH} characters`)
  // Control characters would end up in an email subject and an S3 key.
  .refine((v) => !/\p{Cc}/u.test(v), { message: 'must not contain control characters' });

export const fanOutSchema = z
  .object({
    dimension: z
      .string()
      .regex(MUX_ID_PATTERN, 'must be a Mux dimension id such as "sub_property_id"')
      .describe('Mux dimension whose values each get their own report (filters += "dimension:value").'),
    values: z
      .union(
        [
          z.array(segmentValue).min(1).max(MAX_SEGMENTS),
          z
            .object({
              top: z.number().int().min(1).max(MAX_SEGMENTS).describe('The N most viewed values over the period.'),
              minViews: z
                .number()
                .int()
                .min(0)
                .default(0)
                .describe('Values with fewer views in the period are skipped.'),
            })
            .strict(),
        ],
        {
          // zod's own union message is "Invalid input"; say what is expected.
          error: (issue) =>
            issue.input === undefined ? 'is required' : 'must be a list of values or { "top": N, "minViews": M }',
        },
      )
      .describe('The values: a list, or { top, minViews } listed from Mux when the report runs.'),
    recipients: z
      .record(segmentValue, z.array(email).min(1).max(500))
      .default({})
      .describe("Recipients per value; a value without an entry gets the report's recipients."),
  })
  .strict()
  .superRefine((fanOut, ctx) => {
    if (!KNOWN_DIMENSIONS.includes(fanOut.dimension)) {
      const suggestion = closest(fanOut.dimension, KNOWN_DIMENSIONS);
      ctx.addIssue({
        code: 'custom',
        path: ['dimension'],
        message: `unknown Mux dimension "${fanOut.dimension}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      });
    }
    const listed = Array.isArray(fanOut.values) ? fanOut.values : null;
    if (listed) {
      const seen = new Set<string>();
      listed.forEach((value, i) => {
        if (seen.has(value))
          ctx.addIssue({ code: 'custom', path: ['values', i], message: `duplicate value "${value}"` });
        seen.add(value);
      });
      for (const key of Object.keys(fanOut.recipients)) {
        if (!seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['recipients', key],
            message: `"${key}" is not one of fanOut.values (${listed.join(', ')})`,
          });
        }
      }
    }
  });

export type FanOutConfig = z.output<typeof fanOutSchema>;

/** One value of a fan-out report. */
export interface Segment {
  dimension: string;
  value: string;
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

/** The values with enough views, most viewed first, at most `top` (from `GET /data/v1/dimensions/{id}` rows). */
/** Whether a value listed by Mux can be a segment: a valid segment value that Mux's text boundary left as sent. */
export function fanOutEligible(value: string): boolean {
  return isVerbatim(value) && segmentValue.safeParse(value).success;
}

export function topValues(
  rows: readonly { value: string | null; total_count: number | null }[],
  rule: { top: number; minViews: number },
): string[] {
  return (
    rows
      .filter((r): r is { value: string; total_count: number | null } => r.value !== null && r.value !== '')
      // A value the Mux boundary had to alter (mux/untrusted-text.ts) would filter on another value: skipped.
      .filter((r) => fanOutEligible(r.value) && (r.total_count ?? 0) >= rule.minViews)
      .sort((a, b) => (b.total_count ?? 0) - (a.total_count ?? 0) || a.value.localeCompare(b.value))
      .slice(0, rule.top)
      .map((r) => r.value)
  );
}
