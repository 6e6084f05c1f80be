/**
 * The values a fan-out report runs for this period (config/fan-out.ts): the configured list, or Mux's most viewed
 * values of the dimension over the report's period (`GET /data/v1/dimensions/{id}`, one call, with the report's own
 * filters), aligned to Mux's rounding like every other call of the report (period/timeframe.ts).
 */
import { fanOutEligible, topValues } from '../config/fan-out.js';
import { environmentOf, findReport } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { logger } from '../observability/index.js';
import { timed } from '../observability/phases.js';
import { alignSpans } from '../period/timeframe.js';
import { type PeriodRequest, resolvePeriod } from './generate.js';
import { type CredentialsProvider, createMuxClient, type MuxClientSetup } from './mux-client.js';

/** One page is enough: `top` is at most MAX_SEGMENTS (100), and Mux lists the most viewed values first. */
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
    const page = await timed('mux', () =>
      client.dimensions.values(fanOut.dimension, {
        timeframe: [span.startEpoch, span.endEpoch],
        filters: report.filters,
        limit: PAGE,
      }),
    );
    const ineligible = page.data.filter((r) => r.value && !fanOutEligible(r.value)).length;
    if (ineligible > 0) {
      // Say so: a value altered at the Mux boundary, over SEGMENT_MAX_LENGTH or with control characters is not a
      // segment (docs/security.md). Counted, never logged verbatim (viewers write these values).
      logger.warn('fan-out skipped values that cannot be queried back as Mux sent them', {
        dimension: fanOut.dimension,
        skipped: ineligible,
      });
    }
    return topValues(page.data, rule);
  } finally {
    await client.close();
  }
}
