/**
 * Fan-out (config/fan-out.ts): configuration errors that name the field, the segment as a snapshot key part
 * (unsegmented keys unchanged), per-segment idempotency keys and recipients, Mux's values ordered by views, and the
 * on-demand preview of one segment through the real handler against the fake Mux.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  applySegment,
  scorecardTier,
  segmentOf,
  segmentTiers,
  topValues,
} from '../../functions/commons/config/fan-out.js';
import { ConfigError, parseConfig } from '../../functions/commons/config/load.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import { idempotencyBaseKey } from '../../functions/commons/delivery/deliver.js';
import type { FunctionUrlResponse } from '../../functions/commons/http/http-error.js';
import {
  artifactKeys,
  latestKey,
  periodPrefix,
  reportPrefix,
  SEGMENT_KEY_MAX,
  segmentKeyPart,
  snapshotKey,
} from '../../functions/commons/report/snapshot-store.js';
import type * as OnDemandModule from '../../functions/on-demand/handler.js';
import { functionUrlEvent, lambdaContext } from '../../support/events.js';
import { type Stage, startStage, useEnvironment } from '../../support/stage.js';

const rateLimit = { dataPerSecond: 50, monitoringPerSecond: 10 };
const base = {
  title: 'Per customer',
  environment: 'demo',
  recipients: ['am@example.com'],
  from: 'qoe@example.com',
};
const configWith = (fanOut: unknown, extra: Record<string, unknown> = {}): ConfigInput =>
  ({
    environments: [{ name: 'demo', rateLimit }],
    reports: [
      { ...base, id: 'per-customer', fanOut, ...extra },
      { ...base, id: 'plain', title: 'Plain' },
    ],
  }) as ConfigInput;

function configErrors(fanOut: unknown): string[] {
  try {
    parseConfig(configWith(fanOut), 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('fanOut configuration', () => {
  it('accepts a list or { top, minViews }, with recipients per value', () => {
    const config = parseConfig(
      configWith({ dimension: 'sub_property_id', values: ['acme', 'globex'], recipients: { acme: ['a@acme.test'] } }),
      'test',
    );
    expect(config.reports[0]!.fanOut).toEqual({
      dimension: 'sub_property_id',
      values: ['acme', 'globex'],
      recipients: { acme: ['a@acme.test'] },
    });
    const top = parseConfig(configWith({ dimension: 'custom_1', values: { top: 20 } }), 'test').reports[0]!.fanOut;
    expect(top).toEqual({ dimension: 'custom_1', values: { top: 20, minViews: 0 }, recipients: {} });
  });

  it('names the field of every mistake', () => {
    expect(configErrors({ dimension: 'sub_propery_id', values: ['a'] })).toEqual([
      'reports[per-customer].fanOut.dimension: unknown Mux dimension "sub_propery_id"; did you mean "sub_property_id"?',
    ]);
    expect(configErrors({ dimension: 'player_name', values: ['a', 'b', 'a'] })).toEqual([
      'reports[per-customer].fanOut.values[2]: duplicate value "a"',
    ]);
    expect(configErrors({ dimension: 'player_name', values: ['a'], recipients: { b: ['x@example.com'] } })).toEqual([
      'reports[per-customer].fanOut.recipients.b: "b" is not one of fanOut.values (a)',
    ]);
    expect(configErrors({ dimension: 'player_name', values: ['a'], recipients: { a: ['not-an-email'] } })).toEqual([
      'reports[per-customer].fanOut.recipients.a[0]: must be an email address',
    ]);
    expect(configErrors({ dimension: 'player_name', values: { top: 0 } })).toEqual([
      'reports[per-customer].fanOut.values.top: must be at least 1',
    ]);
    expect(configErrors({ dimension: 'player_name', values: 'all' })).toEqual([
      'reports[per-customer].fanOut.values: must be a list of values or { "top": N, "minViews": M }',
    ]);
    expect(configErrors({ dimension: 'player_name' })).toEqual(['reports[per-customer].fanOut.values: is required']);
    // More than 100 full reports: say which get the full report (issue 25's two tiers).
    expect(configErrors({ dimension: 'sub_property_id', values: { top: 1000 } })).toEqual([
      'reports[per-customer].fanOut.values: 1000 segments would be 1000 full reports (at most 100): set "fullReports": { "top": K } so that only the K largest get the full report and the others a scorecard',
    ]);
    expect(configErrors({ dimension: 'sub_property_id', values: { top: 1000 }, fullReports: { top: 20 } })).toEqual([]);
    expect(configErrors({ dimension: 'sub_property_id', values: { top: 1001 }, fullReports: { top: 20 } })).toEqual([
      'reports[per-customer].fanOut.values.top: must be at most 1000',
    ]);
    expect(configErrors({ dimension: 'sub_property_id', values: { top: 500 }, fullReports: { top: 101 } })).toEqual([
      'reports[per-customer].fanOut.fullReports.top: must be at most 100',
    ]);
    expect(configErrors({ dimension: 'player_name', values: ['a'], extra: 1 })).toEqual([
      'reports[per-customer].fanOut.extra: unknown field (allowed: dimension, values, recipients, fullReports)',
    ]);
  });
});

describe('segments', () => {
  const report = parseConfig(
    configWith(
      { dimension: 'sub_property_id', values: ['acme', 'globex'], recipients: { acme: ['a@acme.test'] } },
      {
        filters: ['country:FR'],
      },
    ),
    'test',
  ).reports[0]!;

  it('are their own filtered report with the value’s recipients, or the report’s', () => {
    const acme = applySegment(report, segmentOf(report, 'acme'));
    expect(acme).toMatchObject({
      title: 'Per customer: acme',
      filters: ['country:FR', 'sub_property_id:acme'],
      recipients: ['a@acme.test'],
    });
    expect(applySegment(report, segmentOf(report, 'globex')).recipients).toEqual(['am@example.com']);
    expect(applySegment(report, undefined)).toBe(report);
  });

  it('must be one of the listed values, and only fan-out reports have any', () => {
    expect(() => segmentOf(report, 'initech')).toThrow(/has no segment "initech" \(fanOut.values: acme, globex\)/);
    expect(() => segmentOf({ ...report, fanOut: undefined }, 'acme')).toThrow(/has no fanOut/);
    expect(segmentOf(report, undefined)).toBeUndefined();
  });

  it('have their own snapshot keys; unsegmented keys are unchanged', () => {
    const period = { cadence: 'weekly', start: '2026-11-16T00:00:00+01:00' } as const;
    const plain = { report: { id: 'weekly-qoe', title: 't', cadence: 'weekly', filters: [] }, period } as never;
    expect(snapshotKey(plain)).toBe('snapshots/report=weekly-qoe/cadence=weekly/dt=2026-11-16/snapshot.json');
    expect(latestKey('weekly-qoe')).toBe('snapshots/report=weekly-qoe/latest.json');
    const seg = {
      report: {
        id: 'per-customer',
        title: 't',
        cadence: 'weekly',
        filters: [],
        segment: { dimension: 'd', value: 'a/b=c d' },
      },
      period,
    } as never;
    expect(snapshotKey(seg)).toBe(
      'snapshots/report=per-customer/segment=a%2Fb%3Dc%20d/cadence=weekly/dt=2026-11-16/snapshot.json',
    );
    expect(artifactKeys(seg)['report.html']).toBe(
      'emails/report=per-customer/segment=a%2Fb%3Dc%20d/cadence=weekly/dt=2026-11-16/report.html',
    );
    expect(latestKey('per-customer', 'acme')).toBe('snapshots/report=per-customer/segment=acme/latest.json');
    expect(periodPrefix('r', 'daily', '2026-01-02', 'acme')).toBe(
      'snapshots/report=r/segment=acme/cadence=daily/dt=2026-01-02',
    );
    expect(reportPrefix('r', '..')).toBe('snapshots/report=r/segment=%2E%2E');
  });

  it('key parts are one path step that decodes back to the value, or a bounded hashed part (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50, unit: 'grapheme' }), (value) => {
        const part = segmentKeyPart(value);
        expect(part).not.toMatch(/[/=\\]/);
        expect(part === '.' || part === '..').toBe(false);
        if (part.includes('@')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(SEGMENT_KEY_MAX);
        else expect(decodeURIComponent(part)).toBe(value);
      }),
    );
  });

  it('have their own idempotency keys; unsegmented keys are unchanged', () => {
    expect(idempotencyBaseKey('weekly-qoe', '2026-W47', null)).toBe('weekly-qoe#2026-W47');
    expect(idempotencyBaseKey('per-customer', '2026-W47', null, 'acme')).toBe('per-customer#segment=acme#2026-W47');
    expect(idempotencyBaseKey('r', 'p', null, 'a#b')).not.toBe(idempotencyBaseKey('r', 'p', null, 'a'));
  });

  it('from Mux: the most viewed values with at least minViews, at most top', () => {
    const rows = [
      { value: 'small', total_count: 3 },
      { value: 'big', total_count: 900 },
      { value: null, total_count: 5000 },
      { value: 'mid', total_count: 40 },
      { value: '', total_count: 100 },
    ];
    expect(topValues(rows, { top: 5, minViews: 10 })).toEqual(['big', 'mid']);
    expect(topValues(rows, { top: 1, minViews: 0 })).toEqual(['big']);
  });
});

describe('tiers (fullReports)', () => {
  const views: Record<string, number | null> = { a: 10, b: 500, c: null, d: 500, e: 90 };
  it('the K with the most views get the full report (ties in the given order), the others a scorecard', () => {
    const tiers = segmentTiers({ fullReports: { top: 2 } }, ['a', 'b', 'c', 'd', 'e'], (v) => views[v] ?? null);
    expect(tiers).toEqual([
      { value: 'a', tier: 'scorecard' },
      { value: 'b', tier: 'full' },
      { value: 'c', tier: 'scorecard' },
      { value: 'd', tier: 'full' },
      { value: 'e', tier: 'scorecard' },
    ]);
    expect(segmentTiers({}, ['a', 'b'], () => null).map((t) => t.tier)).toEqual(['full', 'full']);
    expect(segmentTiers({ fullReports: { top: 0 } }, ['a'], () => 5).map((t) => t.tier)).toEqual(['scorecard']);
  });

  it('exactly min(K, N) full reports, none smaller than any scorecard (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 40 }),
        fc.array(fc.option(fc.nat(1000)), { minLength: 40, maxLength: 40 }),
        fc.nat(50),
        (segments, counts, k) => {
          const views = (v: string) => counts[segments.indexOf(v)] ?? null;
          const tiers = segmentTiers({ fullReports: { top: k } }, segments, views);
          expect(tiers.map((t) => t.value)).toEqual(segments);
          const full = tiers.filter((t) => t.tier === 'full').map((t) => views(t.value) ?? 0);
          const cards = tiers.filter((t) => t.tier === 'scorecard').map((t) => views(t.value) ?? 0);
          expect(full.length).toBe(Math.min(k, segments.length));
          if (full.length > 0 && cards.length > 0) expect(Math.min(...full)).toBeGreaterThanOrEqual(Math.max(...cards));
        },
      ),
    );
  });

  it('a scorecard report keeps scores, volume, key metrics and history as configured, and nothing else', () => {
    const report = parseConfig(configWith({ dimension: 'sub_property_id', values: ['a'] }), 'test').reports[0]!;
    const sections = scorecardTier({ ...report, sections: { ...report.sections, history: false } }).sections;
    expect(
      Object.entries(sections)
        .filter(([, on]) => on)
        .map(([id]) => id),
    ).toEqual(['scores', 'volume', 'keyMetrics']);
  });
});

describe('on-demand preview of one segment', () => {
  let stage: Stage;
  let restore: () => void;
  let handler: typeof OnDemandModule.handler;
  const config = configWith({ dimension: 'sub_property_id', values: ['web', 'apps'] });

  beforeAll(async () => {
    stage = await startStage({
      config,
      bucket: 'fan-out-preview',
      ses: false,
      fake: { now: new Date() },
      settings: { logLevel: 'SILENT', metricsDisabled: true },
    });
    restore = useEnvironment(stage.env('fan-out-test'));
    vi.resetModules();
    ({ handler } = await import('../../functions/on-demand/handler.js'));
  });
  afterAll(async () => {
    restore?.();
    await stage?.close();
  });

  const get = (path: string, query: string) =>
    handler(functionUrlEvent('GET', path, query) as never, lambdaContext()) as Promise<FunctionUrlResponse>;

  it('generates the segment’s report: its filter, its segment, fewer views than the whole', async () => {
    const [web, whole] = await Promise.all([
      get('/reports/per-customer', 'segment=web&format=json'),
      get('/reports/per-customer', 'format=json'),
    ]);
    expect(web.statusCode).toBe(200);
    const snapshot = JSON.parse(web.body);
    expect(snapshot.report).toMatchObject({
      title: 'Per customer: web',
      filters: ['sub_property_id:web'],
      segment: { dimension: 'sub_property_id', value: 'web' },
    });
    const wholeViews = JSON.parse(whole.body).headline.totalViews;
    expect(snapshot.headline.totalViews).toBeGreaterThan(0);
    expect(snapshot.headline.totalViews).toBeLessThan(wholeViews);
  });

  it('refuses a segment that is not in fanOut, or on a report without fanOut, naming the field', async () => {
    for (const [path, query, message] of [
      ['/reports/per-customer', 'segment=tv', /has no segment "tv"/],
      ['/reports/plain', 'segment=web', /has no fanOut/],
    ] as const) {
      const res = await get(path, query);
      expect(res.statusCode).toBe(400);
      const body = JSON.parse(res.body);
      expect(body.error).toMatchObject({ code: 'invalid_field', field: 'segment' });
      expect(body.error.message).toMatch(message);
    }
  });
});
