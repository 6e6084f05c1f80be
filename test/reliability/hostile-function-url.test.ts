/**
 * The fake's hostile scenario (fake-mux/hostile-scenario.ts) through the real on-demand handler (Function URL):
 * the report as HTML, text and JSON, and one fan-out segment whose value is 200 × "東" (a hashed archive key),
 * each answered 200 with nothing a browser or terminal would interpret and a bounded body; "what changed and why"
 * stays available with lone surrogates in the data.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import type { FunctionUrlResponse } from '../../functions/commons/http/http-error.js';
import type * as OnDemandModule from '../../functions/on-demand/handler.js';
import { functionUrlEvent, lambdaContext } from '../../support/events.js';
import { HOSTILE_CORPUS } from '../../support/hostile-corpus.js';
import { type Stage, startStage, useEnvironment } from '../../support/stage.js';

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const base = {
  title: 'Weekly QoE',
  environment: 'demo',
  recipients: ['am@example.com'],
  from: 'qoe@example.com',
  minViews: 1,
  breakdownDimensions: ['video_title', 'player_name'],
};
const config = {
  environments: [{ name: 'demo', rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } }],
  reports: [
    { ...base, id: 'hostile' },
    { ...base, id: 'per-title', fanOut: { dimension: 'video_title', values: [HOSTILE_CORPUS.longCjk] } },
  ],
} as ConfigInput;

let stage: Stage;
let restore: () => void;
let handler: typeof OnDemandModule.handler;

beforeAll(async () => {
  stage = await startStage({
    config,
    bucket: 'hostile-function-url',
    ses: false,
    fake: { now: new Date(), scenario: 'hostile' },
    settings: { logLevel: 'SILENT', metricsDisabled: true },
  });
  restore = useEnvironment(stage.env('hostile-function-url'));
  vi.resetModules();
  ({ handler } = await import('../../functions/on-demand/handler.js'));
}, 60_000);
afterAll(async () => {
  restore?.();
  await stage?.close();
});

const get = (path: string, query: string) =>
  handler(functionUrlEvent('GET', path, query) as never, lambdaContext()) as Promise<FunctionUrlResponse>;

describe('the Function URL with hostile Mux data', () => {
  it('HTML: escaped, bounded; JSON: sections ok, strings clean; text: no control characters', async () => {
    const [html, json, text] = await Promise.all([
      get('/reports/hostile', 'format=html'),
      get('/reports/hostile', 'format=json'),
      get('/reports/hostile', 'format=text'),
    ]);
    for (const r of [html, json, text]) expect(r.statusCode).toBe(200);
    expect(html.body).not.toMatch(/<script|<img/i);
    expect(Buffer.byteLength(html.body)).toBeLessThanOrEqual(96 * 1024);
    const snapshot = JSON.parse(json.body);
    expect(snapshot.causes.status).toBe('ok');
    expect(snapshot.insights.status).toBe('ok');
    expect(json.body).not.toMatch(LONE);
    expect(Buffer.byteLength(json.body)).toBeLessThan(512 * 1024);
    expect(text.body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('a segment of 200 × "東" is generated under its own value', async () => {
    const res = await get('/reports/per-title', `segment=${encodeURIComponent(HOSTILE_CORPUS.longCjk)}&format=json`);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).report.segment).toEqual({ dimension: 'video_title', value: HOSTILE_CORPUS.longCjk });
  });
});
