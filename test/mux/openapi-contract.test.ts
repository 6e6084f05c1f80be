/**
 * Mux's published API description is the contract: every operation of every file in test/mux/openapi/ (all paths ×
 * methods) is called on the fake over real HTTP (127.0.0.1) and its documented 2xx body is validated with ajv
 * against the documented response schema, closed (a field the description doesn't declare fails, unless Mux's own
 * example for that operation carries it too).
 *
 * Per operation: one call with only the required parameters (Mux's defaults), one with every documented parameter
 * at a representative value, and one per documented enum value of each parameter (the fake must accept all of
 * them). Ids come from list calls (an incident from /incidents, a view from /video-views, an annotation from
 * /annotations); annotation PATCH/DELETE act on annotations this test creates.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { encodeQuery, type QueryParams } from '../../functions/commons/mux/query.js';
import { AUTH, NOW } from '../fake-mux/client.js';
import { fillPath, loadDescription, type Operation, type Parameter } from './openapi/description.js';
import { createAjv, undeclaredKey, validator } from './openapi/validator.js';

const { operations } = loadDescription();
const validate = validator(createAjv());
const NOW_S = NOW.getTime() / 1000;
const DAY_S = 86_400;

type Value = string | readonly string[];

/** Representative values by parameter name (enums default to their first documented value). */
const BY_NAME: Record<string, Value> = {
  'timeframe[]': [String(NOW_S - DAY_S), String(NOW_S)],
  'filters[]': ['country:US'],
  'metric_filters[]': ['aggregate_startup_time>=1000'],
  page: '1',
  limit: '5',
  // Monitoring: `timestamp` must lie within the last 24 h.
  timestamp: String(NOW_S - 600),
  DIMENSION_ID: 'country',
  FILTER_ID: 'country',
};

/** Per-operation overrides (parameters whose meaning depends on the operation). */
const BY_OPERATION: Record<string, Record<string, Value>> = {
  'list-dimension-elements': { DIMENSION_ID: 'video_cdn_trace' },
  // Documented: at most 10 minutes, within the last 24 h.
  'get-monitoring-breakdown-timeseries': { 'timeframe[]': [String(NOW_S - 120), String(NOW_S)] },
  'list-annotations': { 'timeframe[]': ['30:days'] },
  // 1440 minute buckets per call would dominate the run time; the `group_by` sweep still tries `minute`.
  'get-metric-timeseries-data': { group_by: 'hour' },
  // `value` only means something with `dimension`; a segment that has views.
  'list-all-metric-values': { dimension: 'browser', value: 'Chrome' },
};

let fake: FakeMux;
/** Ids discovered from list calls, by parameter name. */
const discovered: Record<string, string> = {};
const covered: Array<{ operationId: string; method: string; path: string; status: number; calls: number }> = [];

/** undici's request on a keep-alive agent: several hundred calls, ~3× cheaper each than `fetch`. */
const SWEEP_CONCURRENCY = 4;
const agent = new Agent({ connections: SWEEP_CONCURRENCY });

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  const res = await request(`${fake.url}${path}`, {
    method: method.toUpperCase() as 'GET',
    dispatcher: agent,
    headers: { authorization: AUTH, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(json ? { body: json } : {}),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

async function getJson(path: string): Promise<{ data: unknown }> {
  const res = await send('GET', path);
  expect(res.status, path).toBe(200);
  return JSON.parse(res.text) as { data: unknown };
}

const firstId = async (path: string, key = 'id'): Promise<string> => {
  const { data } = await getJson(path);
  const row = (data as Array<Record<string, unknown>>)[0];
  if (!row) throw new Error(`${path} returned no rows to take an id from`);
  return String(row[key]);
};

/** A fresh annotation for PATCH/DELETE, so no call depends on another one's side effects. */
async function newAnnotation(): Promise<string> {
  const res = await send('POST', '/data/v1/annotations', { note: 'contract test', date: NOW_S - 3600 });
  expect(res.status).toBe(201);
  return (JSON.parse(res.text) as { data: { id: string } }).data.id;
}

function representative(op: Operation, p: Parameter): Value {
  const v = BY_OPERATION[op.operationId]?.[p.name] ?? discovered[p.name] ?? BY_NAME[p.name];
  if (v !== undefined) return v;
  const e = p.schema['enum'];
  if (Array.isArray(e) && typeof e[0] === 'string') return e[0];
  throw new Error(`no representative value for parameter ${p.name} of ${op.operationId}: add one to the test`);
}

/**
 * Mux's own examples against the closed schemas: undeclared properties they carry are allowed for the fake too;
 * any other failure means the description contradicts itself (or the conversion is wrong).
 */
const undeclaredInExamples = new Map<string, Set<string>>();
const exampleFailures: string[] = [];
for (const op of operations) {
  const closed = op.successSchema({ closed: true });
  const keys = new Set<string>();
  for (const ex of closed ? op.examples.filter((e) => e.status === op.successStatus) : []) {
    for (const f of validate(closed!, ex.value)) {
      if (f.property) keys.add(undeclaredKey(f));
      else exampleFailures.push(`${op.operationId} ${ex.name}: ${f.text}`);
    }
  }
  undeclaredInExamples.set(op.operationId, keys);
}

async function check(op: Operation, params: Map<string, Value>): Promise<number> {
  const pathValues: Record<string, string> = {};
  const query: Record<string, Value> = {};
  for (const p of op.parameters) {
    const v = params.get(p.name);
    if (v === undefined) continue;
    if (p.in === 'path') pathValues[p.name] = String(v);
    else if (p.in === 'query') query[p.name.replace(/\[\]$/, '')] = v;
    else throw new Error(`${op.operationId}: ${p.in} parameters are not exercised`);
  }
  if (op.method !== 'get' && op.path.includes('{ANNOTATION_ID}')) pathValues['ANNOTATION_ID'] = await newAnnotation();
  const qs = encodeQuery(query as QueryParams);
  const url = `${fillPath(op.path, pathValues)}${qs ? `?${qs}` : ''}`;
  const res = await send(op.method, url, op.requestExample);
  expect(res.status, `${op.method.toUpperCase()} ${url} → ${res.status} ${res.text.slice(0, 300)}`).toBe(
    op.successStatus,
  );
  const schema = op.successSchema({ closed: true });
  if (schema === null) {
    expect(res.text, `${op.operationId}: ${op.successStatus} has no content`).toBe('');
    return res.status;
  }
  const allowed = undeclaredInExamples.get(op.operationId)!;
  const failures = validate(schema, JSON.parse(res.text)).filter((f) => !f.property || !allowed.has(undeclaredKey(f)));
  expect(failures.map((f) => f.text).slice(0, 20), `${op.method.toUpperCase()} ${url}`).toEqual([]);
  return res.status;
}

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
  const tf = `timeframe[]=${NOW_S - DAY_S}&timeframe[]=${NOW_S}`;
  discovered['INCIDENT_ID'] = await firstId('/data/v1/incidents');
  discovered['VIDEO_VIEW_ID'] = await firstId(`/data/v1/video-views?${tf}&limit=1`);
  discovered['ANNOTATION_ID'] = await firstId('/data/v1/annotations?timeframe[]=30:days');
  discovered['error_id'] = await firstId(`/data/v1/errors?${tf}`);
  const view = (await getJson(`/data/v1/video-views/${discovered['VIDEO_VIEW_ID']}`)).data as Record<string, unknown>;
  discovered['viewer_id'] = String(view['viewer_user_id']);
});

afterAll(async () => {
  const lines = covered.map(
    (c) => `  ${c.method.toUpperCase().padEnd(6)} ${c.path.padEnd(78)} ${c.status} ×${c.calls}  ${c.operationId}`,
  );
  console.log(
    `Mux OpenAPI contract: ${covered.length}/${operations.length} operations served by the fake\n${lines.join('\n')}`,
  );
  await agent.close();
  await fake?.close();
});

describe('Mux OpenAPI description vs fake-mux', () => {
  it('the description has operations to check, and its examples validate against their schemas', () => {
    expect(operations.length).toBeGreaterThanOrEqual(34);
    expect(operations.filter((o) => o.examples.length > 0).length).toBeGreaterThanOrEqual(33);
    expect(exampleFailures).toEqual([]);
    // Where Mux's examples carry fields the schema doesn't declare: the annotation single-object envelopes.
    expect(
      [...undeclaredInExamples].filter(([, keys]) => keys.size > 0).map(([id, keys]) => `${id} ${[...keys]}`),
    ).toEqual([
      'create-annotation /total_row_count,/timeframe',
      'get-annotation /total_row_count,/timeframe',
      'update-annotation /total_row_count,/timeframe',
    ]);
  });

  for (const op of operations) {
    it(`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, async () => {
      const required = new Map(op.parameters.filter((p) => p.required).map((p) => [p.name, representative(op, p)]));
      const full = new Map(op.parameters.map((p) => [p.name, representative(op, p)]));
      let calls = 0;
      let status = await check(op, required);
      calls++;
      status = await check(op, full);
      calls++;
      const sweeps = op.parameters.flatMap((p) => {
        const values = p.schema['enum'];
        return Array.isArray(values)
          ? values.filter((v) => typeof v === 'string' && v !== full.get(p.name)).map((v) => [p.name, v] as const)
          : [];
      });
      // A few in flight at once: the fake and this test share one event loop, so this hides socket latency only.
      for (let i = 0; i < sweeps.length; i += SWEEP_CONCURRENCY) {
        const batch = sweeps.slice(i, i + SWEEP_CONCURRENCY);
        await Promise.all(batch.map(([name, value]) => check(op, new Map([...full, [name, value]]))));
        calls += batch.length;
      }
      covered.push({ operationId: op.operationId, method: op.method, path: op.path, status, calls });
    });
  }
});
