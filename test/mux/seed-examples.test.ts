import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { asNumber, toEnvelope } from '../../functions/commons/mux/envelope.js';
import {
  dimensionNamesResponseSchema,
  dimensionValuesResponseSchema,
} from '../../functions/commons/mux/resources/dimensions.js';
import { errorListResponseSchema } from '../../functions/commons/mux/resources/errors.js';
import { legacyExportsResponseSchema } from '../../functions/commons/mux/resources/exports.js';
import { incidentListResponseSchema, incidentResponseSchema } from '../../functions/commons/mux/resources/incidents.js';
import {
  breakdownResponseSchema,
  comparisonResponseSchema,
  insightsResponseSchema,
  overallResponseSchema,
  timeseriesResponseSchema,
} from '../../functions/commons/mux/resources/metrics.js';
import {
  histogramTimeseriesResponseSchema,
  monitoringBreakdownResponseSchema,
  monitoringNamesResponseSchema,
  monitoringTimeseriesResponseSchema,
} from '../../functions/commons/mux/resources/monitoring.js';
import {
  videoViewListResponseSchema,
  videoViewResponseSchema,
} from '../../functions/commons/mux/resources/video-views.js';

const dir = fileURLToPath(new URL('../../fake-mux/seed-examples/', import.meta.url));
const read = (name: string): unknown => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8'));

const SCHEMAS: Record<string, z.ZodType> = {
  'dimension-values': dimensionValuesResponseSchema,
  'dimensions-list': dimensionNamesResponseSchema,
  'errors-list': errorListResponseSchema,
  'exports-legacy': legacyExportsResponseSchema,
  'filter-values': dimensionValuesResponseSchema,
  'filters-list': dimensionNamesResponseSchema,
  'incident-get': incidentResponseSchema,
  'incidents-list': incidentListResponseSchema,
  'incidents-related': incidentListResponseSchema,
  'metrics-breakdown': breakdownResponseSchema,
  'metrics-comparison': comparisonResponseSchema,
  'metrics-insights': insightsResponseSchema,
  'metrics-overall': overallResponseSchema,
  'metrics-timeseries': timeseriesResponseSchema,
  'realtime-breakdown': monitoringBreakdownResponseSchema,
  'realtime-dimensions': monitoringNamesResponseSchema,
  'realtime-histogram-timeseries': histogramTimeseriesResponseSchema,
  'realtime-metrics': monitoringNamesResponseSchema,
  'realtime-timeseries': monitoringTimeseriesResponseSchema,
  'video-views-list': videoViewListResponseSchema,
};

describe('seed examples', () => {
  const index = read('index') as Record<string, { method: string; path: string }>;

  it('index.json lists every example file, with GET /data/v1/ paths', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && f !== 'index.json')
      .map((f) => f.slice(0, -5))
      .sort();
    expect(Object.keys(index).sort()).toEqual(files);
    for (const entry of Object.values(index)) {
      expect(entry.method).toBe('GET');
      expect(entry.path).toMatch(/^\/data\/v1\/[a-z0-9_/-]+$/);
    }
    expect(Object.keys(SCHEMAS).sort()).toEqual(files);
  });

  for (const name of Object.keys(SCHEMAS)) {
    it(`${name} parses with its schema`, () => {
      const result = SCHEMAS[name]!.safeParse(read(name));
      expect(result.success, result.success ? '' : JSON.stringify(result.error.issues[0])).toBe(true);
    });
  }

  it('keeps nulls and unknown fields (errors, timeseries, overall)', () => {
    const errors = toEnvelope(errorListResponseSchema.parse(read('errors-list')));
    expect(errors.totalRowCount).toBeNull();
    expect(errors.timeframe).toEqual([1610027061, 1610113461]);
    expect(errors.data[0]).toMatchObject({ id: null, percentage: null, message: null, code: 100, count: 1 });

    const ts = timeseriesResponseSchema.parse(read('metrics-timeseries'));
    expect(ts.data[0]).toEqual(['2021-01-07T14:00:00Z', null, null]);

    const overall = overallResponseSchema.parse(read('metrics-overall'));
    expect(overall.data.global_value).toBeCloseTo(1169.18, 2);
    expect(overall.data.total_playing_time).toBeUndefined();

    const hist = histogramTimeseriesResponseSchema.parse(read('realtime-histogram-timeseries'));
    expect(hist.meta?.buckets.at(-1)).toEqual({ start: 10000, end: null });
  });

  it('accepts per-view numeric fields sent as strings', () => {
    const view = videoViewResponseSchema.parse({
      data: { id: 'abc', viewer_experience_score: '0.83', rebuffer_percentage: null, extra_field: 1, events: [] },
      timeframe: [1, 2],
      total_row_count: null,
    });
    expect(asNumber(view.data.viewer_experience_score)).toBe(0.83);
    expect(asNumber(view.data.rebuffer_percentage)).toBeNull();
    expect(asNumber('')).toBeNull();
    expect((view.data as Record<string, unknown>)['extra_field']).toBe(1);
  });

  it('rejects a wrong shape and names the failing field', () => {
    const result = breakdownResponseSchema.safeParse({ data: [{ field: 'US', value: 'four' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['data', 0, 'value']);
  });
});

describe('public types', () => {
  it('exposes typed envelopes', async () => {
    const { expectTypeOf } = await import('vitest');
    type Client = import('../../functions/commons/mux/client.js').MuxClient;
    type Overall = Awaited<ReturnType<Client['metrics']['overall']>>;
    expectTypeOf<Overall['data']['value']>().toEqualTypeOf<number | null>();
    expectTypeOf<Overall['totalRowCount']>().toEqualTypeOf<number | null>();
    type Hist = Awaited<ReturnType<Client['monitoring']['histogramTimeseries']>>;
    expectTypeOf<NonNullable<Hist['meta']>['buckets'][number]['end']>().toEqualTypeOf<number | null>();
    type Ts = Awaited<ReturnType<Client['metrics']['timeseries']>>;
    expectTypeOf<Ts['data'][number]>().toEqualTypeOf<[string, number | null, number | null]>();
    type Meta = NonNullable<Ts['meta']>;
    expectTypeOf<Meta['granularity']>().toEqualTypeOf<string | null | undefined>();
  });
});
