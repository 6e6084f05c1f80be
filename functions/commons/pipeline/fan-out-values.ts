/**
 * The values a fan-out report runs for this period (config/fan-out.ts): the configured list, or Mux's most viewed
 * values of the dimension over the report's period (`GET /data/v1/dimensions/{id}`, one call, with the report's own
 * filters), aligned to Mux's rounding like every other call of the report (period/timeframe.ts).
 */
import { topValues } from '../config/fan-out.js';
import { environmentOf, findReport } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { paginate } from '../mux/index.js';
import { timed } from '../observability/phases.js';
import { alignSpans } from '../period/timeframe.js';
import { type PeriodRequest, resolvePeriod } from './generate.js';
import { type CredentialsProvider, createMuxClient, type MuxClientSetup } from './mux-client.js';

/** Mux lists the most viewed values first: pages of 100 until `top` values were read (≤ 10 for MAX_SEGMENTS). */
const PAGE = 100;

export interface FanOutValuesOptions extends MuxClientSetup {
  config: Config;
  reportId: string;
  period: PeriodRequest;
  credentials: CredentialsProvider;
  now?: Date;
}

export async function fanOutValues(options: FanOutValuesOptions): Promise<string[]> {
  const report = findReport(options.config, options.reportId);
  const fanOut = report.fanOut;
  if (!fanOut) return [];
  if (Array.isArray(fanOut.values)) return [...fanOut.values];
  const rule = fanOut.values;
  const period = resolvePeriod(report, options.period, options.now ?? new Date());
  const span = alignSpans([period]).spans[0]!;
  const client = await createMuxClient(environmentOf(options.config, report), options.credentials, options);
  try {
    // Values below `minViews`, empty or malformed are dropped after the walk; a page per 100 asked for is the
    // bound (with a few dropped, the last values of `top` may be missing: the walk does not go on for them).
    const walk = await timed('mux', () =>
      paginate(
        (page, limit) =>
          client.dimensions.values(fanOut.dimension, {
            timeframe: [span.startEpoch, span.endEpoch],
            filters: report.filters,
            limit,
            page,
          }),
        { limit: PAGE, maxPages: Math.ceil(rule.top / PAGE) },
      ),
    );
    return topValues(walk.items, rule);
  } finally {
    await client.close();
  }
}
