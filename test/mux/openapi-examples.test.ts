/**
 * The client parses what Mux documents: every example of every response of every operation in Mux's OpenAPI
 * description (real Mux output: string numbers in timeseries rows, nullable global_value, fields we ignore) goes
 * through the client's zod schema for that operation. Beyond the examples, a sparse instance (required fields
 * only, null wherever allowed) and a dense one (every field, no nulls) built from each documented schema must
 * parse too, so a client schema can't be stricter than the description anywhere. Deliberate exceptions are
 * listed below and written next to the client schema with the reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { toEnvelope } from '../../functions/commons/mux/envelope.js';
import { annotationListResponseSchema } from '../../functions/commons/mux/resources/annotations.js';
import { overallResponseSchema, timeseriesResponseSchema } from '../../functions/commons/mux/resources/metrics.js';
import { videoViewResponseSchema } from '../../functions/commons/mux/resources/video-views.js';
import { CLIENT } from './openapi/client-schemas.js';
import { loadDescription } from './openapi/description.js';
import { sample } from './openapi/sample.js';
import { createAjv, validator } from './openapi/validator.js';

const { operations } = loadDescription();

/**
 * Where the client is deliberately stricter than the description (reason next to the schema): operation →
 * issue path the sparse/dense instances fail at.
 */
const DELIBERATE: Record<string, string> = {
  // metrics.ts timeseriesPointSchema: a row is exactly [time, value, views] (the operation's own text), while
  // the schema types it as an array of string | integer | number of any length.
  'get-metric-timeseries-data': 'data.0',
};

const issue = (r: z.ZodSafeParseResult<unknown>) =>
  r.success ? '' : `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`;
const covered: string[] = [];

afterAll(() => {
  console.log(`Mux OpenAPI examples parsed by the client (${covered.length}):\n  ${covered.join('\n  ')}`);
});

describe('client zod schemas vs the Mux OpenAPI description', () => {
  it('has a client schema (or "no body") for every documented operation, and no other', () => {
    expect(Object.keys(CLIENT).sort()).toEqual(operations.map((o) => o.operationId).sort());
    for (const op of operations) expect(CLIENT[op.operationId] === null, op.operationId).toBe(op.successStatus === 204);
  });

  for (const op of operations) {
    const schema = CLIENT[op.operationId];
    for (const ex of op.examples) {
      it(`parses the ${ex.status} ${ex.name} of ${op.operationId}`, () => {
        expect(schema, `${op.operationId} documents a body`).toBeTruthy();
        const r = schema!.safeParse(ex.value);
        expect(r.success, issue(r)).toBe(true);
        covered.push(`${op.operationId} ${ex.status} ${ex.name}`);
      });
    }
  }

  it('normalises the documented string numbers of timeseries rows to numbers', () => {
    const example = operations.find((o) => o.operationId === 'get-metric-timeseries-data')!.examples[0]!.value;
    const env = toEnvelope(timeseriesResponseSchema.parse(example));
    expect(env.data).toEqual([
      ['2021-01-07T14:00:00Z', Number('0.8743536882994202'), 154240],
      ['2021-01-07T15:00:00Z', Number('0.8929105055911401'), 156056],
    ]);
    expect(timeseriesResponseSchema.parse({ data: [['2021-01-07T14:00:00Z', null, null]] }).data).toEqual([
      ['2021-01-07T14:00:00Z', null, null],
    ]);
    const bad = timeseriesResponseSchema.safeParse({ data: [['2021-01-07T14:00:00Z', '0.8x', '1']] });
    expect(issue(bad)).toMatch(/^data\.0\.1: /);
  });

  it('keeps what the examples say is nullable or extra (global_value, sub_property_id, fields we ignore)', () => {
    const overall = overallResponseSchema.parse({
      data: { value: 4, total_views: 5, total_watch_time: null, total_playing_time: null, global_value: null },
      timeframe: [1, 2],
      total_row_count: null,
      meta: { aggregation: 'view_end' },
    });
    expect(overall.data.global_value).toBeNull();
    const list = operations.find((o) => o.operationId === 'list-annotations')!.examples[0]!.value;
    const annotations = annotationListResponseSchema.parse(list).data;
    expect(annotations.map((a) => a.sub_property_id)).toEqual(['123456', null]);
    const view = operations.find((o) => o.operationId === 'get-video-view')!.examples[0]!.value;
    expect((videoViewResponseSchema.parse(view).data as Record<string, unknown>)['city']).toBe('Austin');
  });

  it('accepts the sparsest and the densest body each documented schema allows', () => {
    const validate = validator(createAjv());
    const unexpected: string[] = [];
    const seenDeliberate = new Set<string>();
    for (const op of operations) {
      const client = CLIENT[op.operationId];
      const documented = op.successSchema({ closed: false });
      if (!client || !documented) continue;
      for (const mode of ['sparse', 'dense'] as const) {
        const body = sample(documented, mode);
        expect(validate(documented, body), `${op.operationId} ${mode} sample`).toEqual([]);
        const r = client.safeParse(body);
        if (r.success) continue;
        const at = r.error.issues[0]?.path.join('.');
        if (DELIBERATE[op.operationId] === at) seenDeliberate.add(op.operationId);
        else unexpected.push(`${op.operationId} (${mode}): ${issue(r)}`);
      }
    }
    expect(unexpected).toEqual([]);
    // The exception list must not outlive the exceptions.
    expect([...seenDeliberate].sort()).toEqual(Object.keys(DELIBERATE).sort());
  });
});
