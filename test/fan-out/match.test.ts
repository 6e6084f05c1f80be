/**
 * A `{ top }` fan-out you can trust (issue 23 §4): viewers choose Mux's dimension values, so `match` (a pattern the
 * whole value must match, checked at config load) and `allow` decide which may become segments. Refused values are
 * skipped and reported, further pages are read until `top` values pass (at most fanOutPageCap(top)), and a segment
 * asked for by name (queue message, on-demand) must pass too. The paging runs the real client against a small
 * dimension-values endpoint on 127.0.0.1 serving injected values above the real ones.
 */
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentOf, selectTopValues, type TopRule, valueRefusal } from '../../functions/commons/config/fan-out.js';
import { ConfigError, parseConfig } from '../../functions/commons/config/load.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import { recordFanOutSelection } from '../../functions/commons/observability/index.js';
import { fanOutPageCap, fanOutSelection } from '../../functions/commons/pipeline/fan-out-values.js';
import { closeServer, listen } from '../../support/http-server.js';

const base = { title: 'Per customer', environment: 'demo', recipients: ['am@example.com'], from: 'qoe@example.com' };
const configWith = (values: unknown): ConfigInput =>
  ({
    environments: [{ name: 'demo', rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } }],
    reports: [{ ...base, id: 'per-customer', fanOut: { dimension: 'sub_property_id', values } }],
  }) as ConfigInput;

function configErrors(values: unknown): string[] {
  try {
    parseConfig(configWith(values), 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const HOSTILE = [
  '[click](https://evil.example) **pwn**',
  '<!channel> <https://evil.example|click here>',
  'cust-1<a href="https://evil.example">x</a>',
  'cust-1\nBcc: victim@example.com',
  'x'.repeat(100_000),
];

describe('fanOut.values match and allow', () => {
  it('are validated at config load, with a clear error naming the field', () => {
    const parsed = parseConfig(configWith({ top: 5, match: 'cust-[0-9]{1,6}', allow: ['cust-1'] }), 'test');
    expect(parsed.reports[0]!.fanOut?.values).toEqual({
      top: 5,
      minViews: 0,
      match: 'cust-[0-9]{1,6}',
      allow: ['cust-1'],
    });
    expect(configErrors({ top: 5, match: 'cust-(' })).toEqual([
      'reports[per-customer].fanOut.values.match: is not a valid regular expression: /cust-(/u: Unterminated group',
    ]);
    expect(configErrors({ top: 5, match: '' })[0]).toMatch(/^reports\[per-customer\]\.fanOut\.values\.match: /);
    expect(configErrors({ top: 5, allow: [] })[0]).toMatch(/^reports\[per-customer\]\.fanOut\.values\.allow: /);
    expect(configErrors({ top: 5, allow: ['a\u0007'] })).toEqual([
      'reports[per-customer].fanOut.values.allow[0]: must not contain control characters',
    ]);
  });

  it('match is anchored: the whole value must match, so markup after a matching prefix is refused', () => {
    const refuse = valueRefusal({ match: 'cust-[0-9]+' });
    expect(refuse('cust-42')).toBeNull();
    for (const value of HOSTILE) expect([value.slice(0, 40), refuse(value)]).not.toEqual([value.slice(0, 40), null]);
    expect(valueRefusal({ match: 'a|b' })('ab')).toBe('no-match');
    expect(valueRefusal({ allow: ['acme'] })('Acme')).toBe('not-allowed');
    expect(valueRefusal({})('x'.repeat(201))).toBe('malformed');
  });

  it('selects the most viewed values that pass, reports the ones passed over (property)', () => {
    const row = fc.record({
      value: fc.oneof(fc.constantFrom(...HOSTILE, 'cust-1', 'cust-2', 'cust-33', 'acme'), fc.string({ maxLength: 8 })),
      total_count: fc.integer({ min: 0, max: 1000 }),
    });
    const rule = fc.record({
      top: fc.integer({ min: 1, max: 5 }),
      minViews: fc.integer({ min: 0, max: 500 }),
      match: fc.option(fc.constantFrom('cust-[0-9]+', '[a-z]+', '.*'), { nil: undefined }),
      allow: fc.option(fc.constantFrom(['acme', 'cust-1'], ['cust-33']), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), rule, (rows, r: TopRule) => {
        const { values, skipped } = selectTopValues(rows, r);
        const refuse = valueRefusal(r);
        expect(values.length).toBeLessThanOrEqual(r.top);
        expect(new Set(values).size).toBe(values.length);
        for (const v of values) expect(refuse(v)).toBeNull();
        for (const s of skipped) {
          expect(refuse(s.value)).toBe(s.reason);
          expect(s.views).toBeGreaterThanOrEqual(r.minViews);
          expect(values).not.toContain(s.value);
        }
        // Nothing that passes was left out while a less viewed value got in.
        const views = (v: string) => Math.max(...rows.filter((x) => x.value === v).map((x) => x.total_count));
        const weakest = values.length === r.top ? Math.min(...values.map(views)) : r.minViews;
        for (const x of rows) {
          if (x.value && refuse(x.value) === null && x.total_count > weakest && x.total_count >= r.minViews) {
            expect(values).toContain(x.value);
          }
        }
      }),
    );
  });

  it('a segment asked for by name must pass match/allow too', () => {
    const report = parseConfig(configWith({ top: 5, match: 'cust-[0-9]+' }), 'test').reports[0]!;
    expect(segmentOf(report, 'cust-7')).toEqual({ dimension: 'sub_property_id', value: 'cust-7' });
    expect(() => segmentOf(report, '[click](https://evil.example)')).toThrow(
      'report "per-customer" has no segment "[click](https://evil.example)": it does not match fanOut.values.match',
    );
    const allowed = parseConfig(configWith({ top: 5, allow: ['acme'] }), 'test').reports[0]!;
    expect(() => segmentOf(allowed, 'globex')).toThrow('it is not in fanOut.values.allow');
  });
});

describe('fanOutSelection: further pages until top values pass', () => {
  /** `rows` served by page and limit, most viewed first, as Mux does; records the pages asked. */
  let rows: { value: string; total_count: number }[] = [];
  const asked: number[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const page = Number(url.searchParams.get('page') ?? 1);
    asked.push(page);
    const data = rows.slice((page - 1) * limit, page * limit);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data, total_row_count: rows.length, timeframe: [1763251200, 1763856000] }));
  });
  let url: string;
  beforeAll(async () => {
    url = await listen(server);
  });
  afterAll(() => closeServer(server));

  const select = (values: unknown) =>
    fanOutSelection({
      config: parseConfig(configWith(values), 'test'),
      reportId: 'per-customer',
      period: { kind: 'spec', spec: '2026-W47' },
      credentials: async () => ({ tokenId: 'id', tokenSecret: 'secret' }),
      now: new Date('2026-12-01T00:00:00Z'),
      baseUrl: url,
    });

  it('reads on past 150 injected values to the real customers, and reports the skipped', async () => {
    const injected = Array.from({ length: 150 }, (_, i) => ({
      value: `${HOSTILE[i % HOSTILE.length]!.slice(0, 150)} ${i}`,
      total_count: 10_000 - i,
    }));
    const real = Array.from({ length: 5 }, (_, i) => ({ value: `cust-${i + 1}`, total_count: 500 - i }));
    rows = [...injected, ...real];
    asked.length = 0;
    const selection = await select({ top: 3, match: 'cust-[0-9]+' });
    expect(selection).toMatchObject({ values: ['cust-1', 'cust-2', 'cust-3'], pages: 2, capped: false });
    expect(asked).toEqual([1, 2]);
    expect(selection.skipped).toHaveLength(150);
    expect(selection.skipped[0]).toEqual({ value: injected[0]!.value, views: 10_000, reason: 'no-match' });
  });

  it('one page when the first holds top values; stops at the cap when none pass', async () => {
    rows = Array.from({ length: 120 }, (_, i) => ({ value: `cust-${i}`, total_count: 1000 - i }));
    asked.length = 0;
    expect(await select({ top: 2, match: 'cust-[0-9]+' })).toMatchObject({ values: ['cust-0', 'cust-1'], pages: 1 });
    expect(asked).toEqual([1]);

    rows = Array.from({ length: 1000 }, (_, i) => ({ value: `<!here> ${i}`, total_count: 100_000 - i }));
    asked.length = 0;
    const capped = await select({ top: 2, allow: ['acme'] });
    expect(capped).toMatchObject({ values: [], pages: fanOutPageCap(2), capped: true });
    expect(capped.skipped).toHaveLength(fanOutPageCap(2) * 100);
    expect(asked).toEqual([1, 2, 3, 4, 5]);

    // The run's log and metrics (what the scheduled handler records): counts, and the first 20 values, each cut short.
    const added: [string, number][] = [];
    const warned: { message: string; extra: Record<string, unknown> }[] = [];
    recordFanOutSelection(
      { ...capped, skipped: [{ value: 'x'.repeat(100_000), views: 9, reason: 'no-match' }, ...capped.skipped] },
      { addMetric: (name: string, _unit: unknown, value: number) => added.push([name, value]) },
      { warn: (message: string, extra: Record<string, unknown>) => void warned.push({ message, extra }) },
    );
    expect(added).toEqual([
      ['FanOutValuesSkipped', 501],
      ['FanOutPagesCapped', 1],
    ]);
    expect(warned[0]?.message).toMatch(/^fan-out values skipped/);
    const logged = warned[0]!.extra as { skippedCount: number; skipped: { value: string }[]; capped: boolean };
    expect(logged).toMatchObject({ skippedCount: 501, pages: fanOutPageCap(2), capped: true });
    expect(logged.skipped).toHaveLength(20);
    expect(logged.skipped[0]!.value).toBe(`${'x'.repeat(80)}…`);
    expect(logged.skipped[1]).toEqual({ value: '<!here> 0', views: 100_000, reason: 'not-allowed' });

    // A short page is the end: no cap, no further call.
    rows = [{ value: 'acme', total_count: 10 }];
    asked.length = 0;
    expect(await select({ top: 2, allow: ['acme'] })).toMatchObject({ values: ['acme'], pages: 1, capped: false });
  });
});
