/** Pure parts of the benchmark (no timing here: benchmarks never run in the test suite). */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/lib/args.js';
import { exitCode, judge, overBudget, row } from '../../bench/lib/budget.js';
import { categoryOf, composition, packageOf } from '../../bench/lib/bundle-composition.js';
import { parseResult } from '../../bench/lib/child.js';
import { boundMs, naiveBoundMs, strictBoundMs } from '../../bench/lib/rate-bound.js';
import { capturedRequests, parseQueryString } from '../../bench/lib/replay.js';
import { median, pairedRatio, quantile, round, summarize } from '../../bench/lib/stats.js';
import { formatMarkdown, formatTable, verdict } from '../../bench/lib/table.js';
import { encodeQuery } from '../../functions/commons/mux/query.js';
import { mondayMorning, scheduledEvent } from '../../support/events.js';

describe('statistics', () => {
  it('median and quantiles interpolate between ranks and ignore input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(quantile([7], 0.95)).toBe(7);
    expect(median([])).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(summarize([3, 1, 2])).toEqual({ n: 3, median: 2, min: 1, max: 3, p95: 2.9 });
    expect(round(1.23456, 2)).toBe(1.23);
  });

  it('pairedRatio is the median of per-pair ratios: a slow pair moves it less than the ratio of medians', () => {
    // Pair 3 ran under load (both sides slower); pair 4's baseline alone was slow.
    const a = [100, 102, 200, 101, 99];
    const b = [50, 51, 100, 80, 49];
    expect(pairedRatio(a, b)).toBe(2);
    expect(median(a) / median(b)).toBeCloseTo(1.98, 2);
    expect(() => pairedRatio([1], [])).toThrow(RangeError);
  });
});

describe('budgets', () => {
  it('judges ≤ max as OK, above as OVER, no budget as INFO, no value as SKIP', () => {
    expect(judge(2.5, { max: 2.5, label: '' })).toBe('OK');
    expect(judge(2.51, { max: 2.5, label: '' })).toBe('OVER');
    expect(judge(3, null)).toBe('INFO');
    expect(judge(null, { max: 1, label: '' })).toBe('SKIP');
  });

  it('exits 0 unless --strict and something is OVER or FAILED', () => {
    const ok = row({ id: 'a', measure: 'a', value: 1, unit: 'ms', budget: { max: 2, label: '≤ 2 ms' } });
    const over = row({ id: 'b', measure: 'b', value: 3, unit: 'ms', budget: { max: 2, label: '≤ 2 ms' } });
    const failed = row({ id: 'c', measure: 'c', value: null, unit: 'ms', status: 'FAIL', notes: 'boom' });
    expect(ok.display).toBe('1 ms');
    expect(over.status).toBe('OVER');
    expect(exitCode([ok, over], false)).toBe(0);
    expect(exitCode([ok, over], true)).toBe(1);
    expect(exitCode([ok], true)).toBe(0);
    expect(exitCode([ok, failed], true)).toBe(1);
    expect(overBudget([ok, over, failed]).map((r) => r.id)).toEqual(['b', 'c']);
  });
});

describe('table', () => {
  const rows = [
    row({ id: 'x', measure: 'cold start', value: 2.1, unit: '×', budget: { max: 2.5, label: '≤ 2.5×' }, notes: 'n' }),
    row({ id: 'y', measure: 'peak RSS | max', value: 181, unit: 'MB', budget: { max: 160, label: '≤ 160 MB' } }),
  ];

  it('aligns columns and keeps notes last', () => {
    const lines = formatTable(rows).split('\n');
    expect(lines[0]).toMatch(/^measure\s+value\s+budget\s+status\s+notes$/);
    expect(lines).toHaveLength(4);
    const statusCol = lines[0]!.indexOf('status');
    expect(lines[2]!.slice(statusCol, statusCol + 2)).toBe('OK');
    expect(lines[3]!.slice(statusCol, statusCol + 4)).toBe('OVER');
    expect(lines[2]!.endsWith('n')).toBe(true);
  });

  it('escapes pipes in Markdown and shouts when over budget', () => {
    expect(formatMarkdown(rows)).toContain('peak RSS \\| max');
    expect(verdict(rows)).toMatch(/OVER BUDGET OR FAILED: 1 measure/);
    expect(verdict(rows)).toContain('peak RSS | max: 181 MB (budget ≤ 160 MB)');
    expect(verdict(rows.slice(0, 1))).toBe('All budgets met.');
  });
});

describe('bundle composition', () => {
  it('classifies inputs by package (last node_modules wins)', () => {
    expect(packageOf('functions/on-demand/handler.ts')).toBeNull();
    expect(packageOf('node_modules/@aws-sdk/client-s3/dist-es/index.js')).toBe('@aws-sdk/client-s3');
    expect(packageOf('node_modules/a/node_modules/zod/v4/index.js')).toBe('zod');
    expect(categoryOf('node_modules/@smithy/core/x.js')).toBe('awsSdk');
    expect(categoryOf('node_modules/@aws-crypto/crc32/x.js')).toBe('awsSdk');
    expect(categoryOf('node_modules/@aws-lambda-powertools/logger/x.js')).toBe('powertools');
    expect(categoryOf('node_modules/undici/index.js')).toBe('other');
    expect(categoryOf('functions/commons/render/index.ts')).toBe('ours');
  });

  it('sums bytesInOutput of the .mjs output and finds mjml inputs', () => {
    const meta = {
      inputs: { 'node_modules/mjml-core/lib/index.js': {}, 'functions/x.ts': {} },
      outputs: {
        'dist/functions/x/index.mjs.map': { bytes: 999, inputs: {} },
        'dist/functions/x/index.mjs': {
          bytes: 1000,
          inputs: {
            'functions/x.ts': { bytesInOutput: 100 },
            'functions/commons/y.ts': { bytesInOutput: 50 },
            'node_modules/@aws-sdk/client-s3/a.js': { bytesInOutput: 300 },
            'node_modules/@aws-lambda-powertools/logger/a.js': { bytesInOutput: 200 },
            'node_modules/zod/a.js': { bytesInOutput: 150 },
            'node_modules/mjml-core/lib/index.js': { bytesInOutput: 10 },
          },
        },
      },
    };
    const c = composition(meta);
    expect(c.outputBytes).toBe(1000);
    expect(c.bytes).toEqual({ ours: 150, awsSdk: 300, powertools: 200, other: 160 });
    expect(c.packages[0]).toEqual({ name: '@aws-sdk/client-s3', bytes: 300, category: 'awsSdk' });
    expect(c.packages.find((p) => p.name === '(ours)')?.bytes).toBe(150);
    expect(c.mjmlInputs).toEqual(['node_modules/mjml-core/lib/index.js']);
  });

  it('sums a code-split bundle over the entry and every chunk', () => {
    const meta = {
      inputs: {},
      outputs: {
        'dist/functions/x/index.mjs': {
          bytes: 300,
          entryPoint: 'functions/x/handler.ts',
          inputs: { 'functions/x/handler.ts': { bytesInOutput: 200 } },
        },
        'dist/functions/x/index.mjs.map': { bytes: 999, inputs: {} },
        'dist/functions/x/chunks/invoke-ABC.mjs': {
          bytes: 5000,
          inputs: {
            'functions/x/invoke.ts': { bytesInOutput: 400 },
            'node_modules/zod/a.js': { bytesInOutput: 3000 },
          },
        },
        'dist/functions/x/chunks/chunk-DEF.mjs': {
          bytes: 1000,
          inputs: { 'node_modules/zod/b.js': { bytesInOutput: 900 } },
        },
      },
    };
    const c = composition(meta);
    expect(c.outputBytes).toBe(6300);
    expect(c.entryBytes).toBe(300);
    expect(c.outputFiles).toBe(3);
    expect(c.bytes).toEqual({ ours: 600, awsSdk: 0, powertools: 0, other: 3900 });
    expect(c.packages[0]).toEqual({ name: 'zod', bytes: 3900, category: 'other' });
  });
});

describe('cold path', () => {
  const code = (
    ours: number,
    imports: [string, 'import-statement' | 'dynamic-import'][] = [],
    entryPoint?: string,
  ) => ({
    bytes: ours + 1000,
    ...(entryPoint ? { entryPoint } : {}),
    inputs: { [`functions/${ours}.ts`]: { bytesInOutput: ours }, 'node_modules/zod/a.js': { bytesInOutput: 1000 } },
    imports: imports.map(([path, kind]) => ({ path, kind })),
  });
  const d = 'dist/functions/x';
  // The handler imports a shared chunk, lazily a validator (a fallback) and a dependency's chunk (counted), and
  // routes `import()`ed by its own module: the heaviest one is on the path, the other is reported off it.
  const meta = {
    inputs: {
      'functions/x/handler.ts': {
        imports: [
          { path: 'functions/x/big-route.ts', kind: 'dynamic-import' },
          { path: 'functions/x/small-route.ts', kind: 'dynamic-import' },
        ],
      },
    },
    outputs: {
      [`${d}/index.mjs`]: code(
        10,
        [
          [`${d}/chunks/shared.mjs`, 'import-statement'],
          [`${d}/chunks/big-route.mjs`, 'dynamic-import'],
          [`${d}/chunks/small-route.mjs`, 'dynamic-import'],
          [`${d}/chunks/load.mjs`, 'dynamic-import'],
          [`${d}/chunks/sdk-lazy.mjs`, 'dynamic-import'],
        ],
        'functions/x/handler.ts',
      ),
      [`${d}/index.mjs.map`]: { bytes: 5, inputs: {} },
      [`${d}/chunks/shared.mjs`]: code(20),
      [`${d}/chunks/big-route.mjs`]: code(
        300,
        [[`${d}/chunks/shared.mjs`, 'import-statement']],
        'functions/x/big-route.ts',
      ),
      [`${d}/chunks/small-route.mjs`]: code(
        40,
        [[`${d}/chunks/small-only.mjs`, 'import-statement']],
        'functions/x/small-route.ts',
      ),
      [`${d}/chunks/small-only.mjs`]: code(2),
      [`${d}/chunks/load.mjs`]: code(500, [], 'functions/commons/config/load.ts'),
      [`${d}/chunks/sdk-lazy.mjs`]: code(7, [], 'node_modules/@aws-sdk/x/index.js'),
    },
  };

  it('is the entry, what it imports (the fallbacks of OFF_COLD_PATH aside) and the heaviest route', () => {
    const c = composition(meta);
    expect(c.bytes.ours).toBe(10 + 20 + 300 + 40 + 2 + 500 + 7);
    expect(c.entryBytes).toBe(1010);
    expect(c.coldPath.route).toBe('functions/x/big-route.ts');
    expect(c.coldPath.bytes.ours).toBe(10 + 20 + 7 + 300);
    expect(c.coldPath.eagerOurs).toBe(10 + 20);
    expect(c.offColdPath).toEqual([
      { entryPoint: 'functions/commons/config/load.ts', ours: 500 },
      { entryPoint: 'functions/x/small-route.ts', ours: 42 },
    ]);
  });

  it('without routes, every lazy import but the fallbacks counts', () => {
    const c = composition({ ...meta, inputs: {} });
    expect(c.coldPath.route).toBeNull();
    expect(c.coldPath.bytes.ours).toBe(10 + 20 + 300 + 40 + 2 + 7);
    expect(c.offColdPath).toEqual([{ entryPoint: 'functions/commons/config/load.ts', ours: 500 }]);
  });
});

describe('rate-limit bound', () => {
  it('credits the burst, adds one round trip, and takes the slowest bucket', () => {
    expect(strictBoundMs(30, { rate: 5, burst: 5 }, 100)).toBe(5100);
    expect(strictBoundMs(4, { rate: 5, burst: 5 }, 100)).toBe(100);
    expect(strictBoundMs(0, { rate: 5, burst: 5 }, 100)).toBe(0);
    expect(naiveBoundMs(30, 5)).toBe(6000);
    expect(boundMs({ data: [25, { rate: 5, burst: 5 }], monitoring: [8, { rate: 1, burst: 1 }] }, 100)).toBe(7100);
  });
});

describe('request replay', () => {
  it('turns a logged query string back into params that encode to the same query', () => {
    const raw = 'timeframe[]=1700000000&timeframe[]=1700600000&filters[]=!country:US&group_by=country&limit=5';
    const params = parseQueryString(raw);
    expect(params).toEqual({
      timeframe: ['1700000000', '1700600000'],
      filters: ['!country:US'],
      group_by: 'country',
      limit: '5',
    });
    expect(encodeQuery(params)).toBe(raw);
  });

  it('keeps distinct successful API requests in order', () => {
    const entry = (path: string, query: string, status: number) => ({
      method: 'GET',
      path,
      query,
      status,
      at: 0,
      requestId: 'r',
    });
    const out = capturedRequests([
      entry('/data/v1/metrics/x/overall', 'a=1', 429),
      entry('/data/v1/metrics/x/overall', 'a=1', 200),
      entry('/data/v1/metrics/x/overall', 'a=1', 200),
      entry('/_exports/2026-01-01.csv.gz', '', 200),
      entry('/data/v1/errors', 'b=2', 200),
    ]);
    expect(out).toEqual([
      { path: '/data/v1/metrics/x/overall', query: { a: '1' } },
      { path: '/data/v1/errors', query: { b: '2' } },
    ]);
  });
});

describe('child results and events', () => {
  it('reads the last BENCH_RESULT line among log lines', () => {
    const stdout = '{"level":"INFO"}\nBENCH_RESULT {"a":1}\nlog\nBENCH_RESULT {"a":2}\n';
    expect(parseResult(stdout)).toEqual({ a: 2 });
    expect(parseResult('nothing')).toBeNull();
  });

  it('picks past Monday 07:00 UTC, one week further back per run', () => {
    const wed = new Date('2026-11-25T12:00:00Z');
    expect(mondayMorning(wed, 0).toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(mondayMorning(wed, 2).toISOString()).toBe('2026-11-09T07:00:00.000Z');
    const earlyMonday = new Date('2026-11-23T06:00:00Z');
    expect(mondayMorning(earlyMonday, 0).toISOString()).toBe('2026-11-16T07:00:00.000Z');
    expect(scheduledEvent('weekly-qoe', wed)).toEqual({
      reportId: 'weekly-qoe',
      scheduledTime: '2026-11-25T12:00:00.000Z',
    });
  });
});

describe('arguments', () => {
  it('parses flags and rejects unknown ones', () => {
    expect(parseArgs([])).toMatchObject({ quick: false, strict: false, build: true });
    expect(parseArgs(['--quick', '--strict', '--no-build', '--only=scale,cold'])).toMatchObject({
      quick: true,
      strict: true,
      build: false,
      only: ['cold', 'scale'],
    });
    expect(() => parseArgs(['--only=nope'])).toThrow(/unknown --only/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseArgs(['--quik'])).toThrow('unknown option --quik; did you mean --quick?');
    expect(parseArgs(['--help'])).toBe('help');
  });
});

describe('README figures block', () => {
  it('replaces only the text between the markers', async () => {
    const { END, START, replaceFigures } = await import('../../bench/lib/readme.js');
    const readme = `# x\n${START}\nold\n${END}\ntail\n`;
    expect(replaceFigures(readme, `${START}\nnew\n${END}`)).toBe(`# x\n${START}\nnew\n${END}\ntail\n`);
    expect(replaceFigures('no markers', 'x')).toBe('no markers');
  });
});
