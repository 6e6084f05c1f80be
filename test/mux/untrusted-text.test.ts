/**
 * The one boundary where Mux text enters (mux/untrusted-text.ts, applied by the transport before every schema):
 * a property test over the client's schema of every documented operation. Any string leaf of the densest body the
 * description allows is replaced by hostile text (the corpus, or arbitrary strings with lone surrogates and
 * controls); the body parses exactly as before, and every string that comes out — values and object keys — is
 * well-formed, control-free and at most MUX_TEXT_MAX code points. Then the counts that real Mux responses carry as
 * numeric strings, and the whole transport over HTTP with the corpus in a body.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MuxClient } from '../../functions/commons/mux/client.js';
import { dimensionValuesResponseSchema } from '../../functions/commons/mux/resources/dimensions.js';
import {
  breakdownResponseSchema,
  insightsResponseSchema,
  overallResponseSchema,
} from '../../functions/commons/mux/resources/metrics.js';
import { cleanMuxStrings, isVerbatim, MUX_TEXT_MAX } from '../../functions/commons/mux/untrusted-text.js';
import { HOSTILE_VALUES } from '../../support/hostile-corpus.js';
import { CLIENT } from './openapi/client-schemas.js';
import { loadDescription } from './openapi/description.js';
import { sample } from './openapi/sample.js';

const { operations } = loadDescription();
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

type Path = (string | number)[];
function stringPaths(v: unknown, at: Path = []): Path[] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}
function setAt(v: unknown, path: Path, value: string): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[head!] = setAt(copy[head!], rest, value);
  return copy;
}
function assertClean(v: unknown): void {
  if (typeof v === 'string') {
    expect(v).not.toMatch(LONE);
    expect(v).not.toMatch(CONTROL);
    expect([...v].length).toBeLessThanOrEqual(MUX_TEXT_MAX);
  } else if (Array.isArray(v)) v.forEach(assertClean);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      assertClean(k);
      assertClean(x);
    }
  }
}

const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom('\ud800', '\udc00', '\u001b', '\u202e', '\n', '\u009b', 'a', '東'),
    maxLength: 40,
  }),
);

describe('the Mux text boundary over every client schema', () => {
  const cases = operations.flatMap((op) => {
    const schema = CLIENT[op.operationId];
    const documented = op.successSchema({ closed: false });
    if (!schema || !documented) return [];
    const body = sample(documented, 'dense');
    if (!schema.safeParse(cleanMuxStrings(body)).success) return []; // the deliberate exceptions (openapi-examples)
    return [[op.operationId, schema, body, stringPaths(body)] as const];
  });

  it('covers most operations', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('%s: hostile text in any string field parses and comes out clean', (_id, schema, body, paths) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...paths), hostileText), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const hostile = edits.reduce<unknown>((b, [p, text]) => setAt(b, p, text), body);
          const plain = schema.safeParse(hostile);
          const cleaned = schema.safeParse(cleanMuxStrings(hostile));
          // Cleaning never turns a valid body invalid (an enum or date field given hostile text may fail either way).
          if (plain.success) expect(cleaned.success).toBe(true);
          if (cleaned.success) assertClean(cleaned.data);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps clean strings verbatim and says when it altered one', () => {
    expect(cleanMuxStrings({ a: ['Big Buck Bunny', 1, null, true] })).toEqual({ a: ['Big Buck Bunny', 1, null, true] });
    const out = cleanMuxStrings({ t: 'a\u202eb', l: 'x'.repeat(100_000), s: 'lone \ud800' }) as {
      t: string;
      l: string;
      s: string;
    };
    expect(out.t).toBe('a\ufffdb');
    expect([...out.l].length).toBe(MUX_TEXT_MAX);
    expect(out.l.endsWith('…')).toBe(true);
    expect(out.s).toBe('lone \ufffd');
    expect(Object.values(out).some(isVerbatim)).toBe(false);
    expect(isVerbatim('Big Buck Bunny')).toBe(true);
    // A "__proto__" key from Mux is a plain key, not a prototype.
    const proto = cleanMuxStrings(JSON.parse('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(Object.hasOwn(proto, '__proto__')).toBe(true);
    expect((proto as { polluted?: number }).polluted).toBeUndefined();
  });
});

describe('counts Mux sends as numeric strings (SDK recordings, mux-go #16)', () => {
  it('are accepted and normalised to numbers', () => {
    const overall = overallResponseSchema.parse({ data: { value: 1.5, total_views: '1234' } });
    expect(overall.data.total_views).toBe(1234);
    const insights = insightsResponseSchema.parse({
      data: [
        { filter_column: 'country', filter_value: 'US', metric: 1, negative_impact_score: 0.5, total_views: '77' },
      ],
    });
    expect(insights.data[0]!.total_views).toBe(77);
    const breakdown = breakdownResponseSchema.parse({
      data: [{ field: 'US', value: 1, views: 5, negative_impact: '3' }],
    });
    expect(breakdown.data[0]!.negative_impact).toBe(3);
    const values = dimensionValuesResponseSchema.parse({ data: [{ value: 'US', total_count: '900' }] });
    expect(values.data[0]!.total_count).toBe(900);
    expect(overallResponseSchema.safeParse({ data: { value: 1, total_views: '12x' } }).success).toBe(false);
  });
});

describe('through the transport', () => {
  it('a body full of the corpus reaches the caller cleaned', async () => {
    const rows = HOSTILE_VALUES.map((v, i) => ({ value: v, total_count: String(i) }));
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: rows, total_row_count: rows.length, timeframe: [1, 2] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new MuxClient({
      tokenId: 't',
      tokenSecret: 's',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxRetries: 0,
    });
    try {
      const page = await client.dimensions.values('video_title', { timeframe: [1, 2] });
      assertClean(page.data);
      expect(page.data.map((r) => r.total_count)).toEqual(rows.map((_, i) => i));
      expect(page.data.find((r) => r.value === 'Café – Ünïcödé 東京 🎬 שלום')).toBeTruthy();
    } finally {
      await client.close();
      server.close();
    }
  });
});
