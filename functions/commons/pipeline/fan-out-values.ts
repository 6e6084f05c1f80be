/**
 * The values a fan-out report runs for this period (config/fan-out.ts): the configured list, or Mux's most viewed
 * values of the dimension over the report's period (`GET /data/v1/dimensions/{id}`, one call, with the report's own
 * filters), aligned to Mux's rounding like every other call of the report (period/timeframe.ts). Values that fail
 * the fan-out's `match`/`allow` are skipped (and returned, for the run's log and metrics); further pages are read
 * until `top` values pass, at most fanOutPageCap(top).
 */
import { type SkippedValue, selectTopValues } from '../config/fan-out.js';
import { environmentOf, findReport } from '../config/lookup.js';
import type { Config } from '../config/schema.js';
import type { DimensionValue } from '../mux/resources/dimensions.js';
import { timed } from '../observability/phases.js';
import { alignSpans } from '../period/timeframe.js';
import { type PeriodRequest, resolvePeriod } from './generate.js';
import { type CredentialsProvider, createMuxClient, type MuxClientSetup } from './mux-client.js';

/** Rows per page: Mux lists the most viewed values first, 100 to a page. */
const PAGE = 100;
/**
 * Pages read beyond the ⌈top / 100⌉ that `top` values need, looking for values that pass `match`/`allow`: a flood
 * of injected values costs at most 4 more Mux calls (400 values), and the run goes on with the values found.
 */
export const EXTRA_FAN_OUT_PAGES = 4;
/** At most this many pages are read for `top` values (5 for top ≤ 100; 14 for top = 1,000). */
export const fanOutPageCap = (top: number): number => Math.ceil(top / PAGE) + EXTRA_FAN_OUT_PAGES;

export interface FanOutValuesOptions extends MuxClientSetup {
  config: Config;
  reportId: string;
  period: PeriodRequest;
  credentials: CredentialsProvider;
  now?: Date;
}

export interface FanOutSelection {
  values: string[];
  /** `{ top }` values passed over (config `match`/`allow`, or unusable as a segment), most viewed first. */
  skipped: SkippedValue[];
  /** Mux calls made (0 for a listed `values`). */
  pages: number;
  /** True when fanOutPageCap(top) stopped the search before `top` values were found. */
  capped: boolean;
}

export async function fanOutSelection(options: FanOutValuesOptions): Promise<FanOutSelection> {
  const report = findReport(options.config, options.reportId);
  const fanOut = report.fanOut;
  if (!fanOut) return { values: [], skipped: [], pages: 0, capped: false };
  if (Array.isArray(fanOut.values)) return { values: [...fanOut.values], skipped: [], pages: 0, capped: false };
  const rule = fanOut.values;
  const period = resolvePeriod(report, options.period, options.now ?? new Date());
  const span = alignSpans([period]).spans[0]!;
  const client = await createMuxClient(environmentOf(options.config, report), options.credentials, options);
  try {
    const rows: DimensionValue[] = [];
    const cap = fanOutPageCap(rule.top);
    for (let page = 1; ; page++) {
      const answer = await timed('mux', () =>
        client.dimensions.values(fanOut.dimension, {
          timeframe: [span.startEpoch, span.endEpoch],
          filters: report.filters,
          limit: PAGE,
          ...(page > 1 ? { page } : {}),
        }),
      );
      rows.push(...answer.data);
      const selection = selectTopValues(rows, rule);
      const lastPage = answer.data.length < PAGE;
      if (selection.complete || lastPage || page === cap) {
        return {
          values: selection.values,
          skipped: selection.skipped,
          pages: page,
          capped: !selection.complete && !lastPage,
        };
      }
    }
  } finally {
    await client.close();
  }
}

export async function fanOutValues(options: FanOutValuesOptions): Promise<string[]> {
  return (await fanOutSelection(options)).values;
}
