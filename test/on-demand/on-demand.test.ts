/**
 * The real on-demand handler, invoked in-process with Function URL (payload 2.0) events, against the
 * fake Mux and local S3 / SES / DynamoDB / Secrets Manager. Periods are relative to the real clock
 * (the fake's `now` is the real time too).
 */
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FunctionUrlResponse } from '../../functions/commons/http/http-error.js';
import { scheduledPeriod } from '../../functions/commons/period/index.js';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import type * as OnDemandModule from '../../functions/on-demand/handler.js';
import { type HandlerWorld, lambdaContext, startWorld } from '../helpers/handler-world.js';

let world: HandlerWorld;
let handler: typeof OnDemandModule.handler;

beforeAll(async () => {
  world = await startWorld();
  ({ handler } = await import('../../functions/on-demand/handler.js'));
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  world.fake.clearFaults();
  vi.restoreAllMocks();
});

function event(method: string, rawPath: string, rawQueryString = '', body?: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { 'content-type': 'application/json', host: 'abc.lambda-url.eu-west-1.on.aws' },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: { http: { method, path: rawPath, sourceIp: '127.0.0.1' }, requestId: 'url-req' },
  };
}

let n = 0;
async function call(method: string, path: string, query = '', body?: string): Promise<FunctionUrlResponse> {
  const ctx = lambdaContext(`req-${++n}`);
  const res = await handler(event(method, path, query, body), ctx);
  expect(res.headers['x-request-id']).toBe(ctx.awsRequestId);
  return res;
}

function json(res: FunctionUrlResponse): Record<string, unknown> {
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(res.body) as Record<string, unknown>;
}

function expectError(res: FunctionUrlResponse, status: number, code: string, field?: string | null) {
  expect(res.statusCode).toBe(status);
  const body = json(res) as { error: { code: string; message: string; field: string | null } };
  expect(body.error.code).toBe(code);
  if (field !== undefined) expect(body.error.field).toBe(field);
  expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return body.error;
}

const lastWeek = () => scheduledPeriod('weekly', new Date(), 'Europe/Paris').key;

describe('GET /reports', () => {
  it('lists the configured reports with recipient counts and domains, not addresses', async () => {
    const res = await call('GET', '/reports');
    expect(res.statusCode).toBe(200);
    const body = json(res) as { reports: Record<string, unknown>[] };
    expect(body.reports.map((r) => r['id'])).toEqual(['weekly-qoe', 'daily-lite', 'wrong-creds', 'no-secret']);
    expect(body.reports[0]).toMatchObject({
      title: 'Weekly video QoE',
      environment: 'demo',
      cadence: 'weekly',
      timeZone: 'Europe/Paris',
      schedule: { time: '08:00', weekday: 'MON', enabled: true },
      recipients: { count: 3, domains: ['corp.example.org', 'example.com'] },
    });
    expect(body.reports[1]!['sections']).toEqual(['scores', 'causes', 'volume', 'keyMetrics', 'trend', 'history']);
    expect(res.body).not.toContain('@');
  });
});

describe('GET /reports/{id} previews', () => {
  let snapshotJson: ReturnType<typeof snapshotSchema.parse>;

  it('json: the snapshot, valid against the schema, not archived', async () => {
    const res = await call('GET', '/reports/weekly-qoe', 'period=last-week&format=json');
    expect(res.statusCode).toBe(200);
    snapshotJson = snapshotSchema.parse(json(res));
    expect(snapshotJson.period.key).toBe(lastWeek());
    expect(snapshotJson.archiveLocation).toBeNull();
    expect(snapshotJson.headline.totalViews).toBeGreaterThan(0);
    expect(res.headers['x-report-period']).toBe(lastWeek());
  });

  it('html (the default format) and text carry the headline', async () => {
    const html = await call('GET', '/reports/weekly-qoe');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/^<!doctype html>/i);
    expect(html.body).toContain(snapshotJson.headline.text.split(' (')[0]);

    const text = await call('GET', '/reports/weekly-qoe', 'format=text&period=last-week');
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toContain(snapshotJson.headline.text);
    // Plain text: no markup of ours (Mux data may legitimately contain '<script>' as a title).
    expect(text.body).not.toMatch(/<\/?(html|body|table|td|div|span)\b/i);
  });

  it('eml: a parseable MIME message addressed to the configured recipients, not sent', async () => {
    const res = await call('GET', '/reports/weekly-qoe', 'format=eml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('message/rfc822');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="weekly-qoe-${lastWeek()}.eml"`);
    const mail = await simpleParser(Buffer.from(res.body, 'utf8'));
    expect(mail.subject).toContain(snapshotJson.headline.text.split(' (')[0]);
    expect(mail.html).toContain('<html');
    expect(mail.text).toContain(snapshotJson.headline.text);
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address?.toLowerCase()) ?? []).sort()).toEqual([
      'boss@corp.example.org',
      'oncall-video@example.com',
      'video-team@example.com',
    ]);
    expect(mail.headers.get('x-report-period')).toBe(lastWeek());
    expect(await world.aws.sesStore()).toHaveLength(0);
    expectError(await call('GET', '/snapshots/weekly-qoe'), 404, 'not_found');
  });

  it('refuses bad periods and formats with 400s naming the field', async () => {
    expectError(await call('GET', '/reports/weekly-qoe', 'period=fortnight'), 400, 'invalid_field', 'period');
    expectError(await call('GET', '/reports/weekly-qoe', 'format=pdf'), 400, 'invalid_field', 'format');
    expectError(await call('GET', '/reports/weekly-qoe', 'colour=red'), 400, 'unknown_field', 'colour');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = expectError(await call('GET', '/reports/daily-lite', `period=${tomorrow}`), 400, 'invalid_field');
    expect(future.message).toMatch(/after now/);
    const old = new Date(Date.now() - 150 * 86_400_000).toISOString().slice(0, 10);
    const tooOld = expectError(
      await call('GET', '/reports/daily-lite', `period=${old}`),
      400,
      'period_out_of_range',
      'period',
    );
    expect(tooOld.message).toMatch(/^Mux Data refused period \d{4}-\d{2}-\d{2} .*100-day data retention window/);
    // Found by the fuzz test: 1 Jan 1970 in Europe/Paris (or its comparison week) starts before the Unix epoch,
    // which no Mux timeframe can express; it was a 500 (the client's TypeError), it is the same refusal as above.
    const muxBefore = world.fake.requests.length;
    for (const period of ['1970-01-01..1970-01-02', '1970-01-05..1970-01-12']) {
      const epoch = expectError(
        await call('GET', '/reports/weekly-qoe', `period=${period}`),
        400,
        'period_out_of_range',
        'period',
      );
      expect(epoch.message).toMatch(/no timeframe before the Unix epoch/);
    }
    expect(world.fake.requests.length).toBe(muxBefore);
  });
});

describe('POST /reports/{id}/send', () => {
  it('sends to a subset of recipients once, then reports already-sent; force resends', async () => {
    const body = JSON.stringify({ period: 'last-week', recipients: ['Video-Team@example.com'] });
    const first = await call('POST', '/reports/weekly-qoe/send', '', body);
    expect(first.statusCode).toBe(200);
    const sent = json(first);
    expect(sent).toMatchObject({ status: 'sent', periodKey: lastWeek(), recipientCount: 1, forced: false });
    expect(sent['messageIds']).toHaveLength(1);
    expect(sent['snapshotKey']).toMatch(/^snapshots\/report=weekly-qoe\/cadence=weekly\/dt=.*\/snapshot\.json$/);
    expect(world.aws.sesRaw().map((r) => r.destinations)).toEqual([['Video-Team@example.com']]);

    const again = json(await call('POST', '/reports/weekly-qoe/send', '', body));
    expect(again).toMatchObject({ status: 'already-sent', messageIds: sent['messageIds'] });
    expect(await world.aws.sesStore()).toHaveLength(1);

    const forced = json(
      await call(
        'POST',
        '/reports/weekly-qoe/send',
        '',
        JSON.stringify({ recipients: ['video-team@example.com'], force: true }),
      ),
    );
    expect(forced).toMatchObject({ status: 'sent', forced: true, periodKey: lastWeek() });
    expect(forced['messageIds']).not.toEqual(sent['messageIds']);
    expect(await world.aws.sesStore()).toHaveLength(2);
  });

  it('a send to one recipient never swallows the full send: the full send reaches exactly the others', async () => {
    // The week before last: its own period, so the test above does not touch it.
    const period = scheduledPeriod('weekly', new Date(Date.now() - 7 * 86_400_000), 'Europe/Paris').key;
    const before = world.aws.sesRaw().length;
    const subset = json(
      await call(
        'POST',
        '/reports/weekly-qoe/send',
        '',
        JSON.stringify({ period, recipients: ['video-team@example.com'] }),
      ),
    );
    expect(subset).toMatchObject({ status: 'sent', periodKey: period, recipientCount: 1 });
    const full = json(await call('POST', '/reports/weekly-qoe/send', '', JSON.stringify({ period })));
    expect(full).toMatchObject({ status: 'sent', periodKey: period, recipientCount: 3 });
    expect(
      world.aws
        .sesRaw()
        .slice(before)
        .map((r) => r.destinations),
    ).toEqual([['video-team@example.com'], ['oncall-video@example.com', 'Boss@Corp.example.org']]);
    const again = json(await call('POST', '/reports/weekly-qoe/send', '', JSON.stringify({ period })));
    expect(again).toMatchObject({ status: 'already-sent', recipientCount: 3 });
    expect(world.aws.sesRaw()).toHaveLength(before + 2);
  });

  it('refuses a recipient outside the configured ones, naming it, before sending anything', async () => {
    const before = world.fake.requests.length;
    const mailsBefore = (await world.aws.sesStore()).length;
    const err = expectError(
      await call(
        'POST',
        '/reports/weekly-qoe/send',
        '',
        JSON.stringify({ recipients: ['video-team@example.com', 'intruder@evil.example'] }),
      ),
      403,
      'recipient_not_allowed',
      'recipients',
    );
    expect(err.message).toContain('intruder@evil.example');
    expect(world.fake.requests.length).toBe(before);
    expect(await world.aws.sesStore()).toHaveLength(mailsBefore);
  });

  it('refuses malformed bodies with 400s', async () => {
    expectError(await call('POST', '/reports/weekly-qoe/send', '', '{nope'), 400, 'invalid_json', 'body');
    expectError(await call('POST', '/reports/weekly-qoe/send', '', '{"extra":1}'), 400, 'unknown_field', 'extra');
    expectError(
      await call('POST', '/reports/weekly-qoe/send', '', '{"period":"soon"}'),
      400,
      'invalid_field',
      'period',
    );
    expectError(await call('GET', '/reports/weekly-qoe/send'), 405, 'method_not_allowed');
  });
});

describe('GET /snapshots/{id}', () => {
  it('returns the archived snapshot (latest or by period), 404 when not archived', async () => {
    const latest = await call('GET', '/snapshots/weekly-qoe');
    expect(latest.statusCode).toBe(200);
    const snap = snapshotSchema.parse(json(latest));
    expect(snap.period.key).toBe(lastWeek());
    expect(snap.archiveLocation).toMatch(/^s3:\/\/handler-snapshots\/snapshots\/report=weekly-qoe\//);

    const byPeriod = snapshotSchema.parse(json(await call('GET', '/snapshots/weekly-qoe', `period=${lastWeek()}`)));
    expect(byPeriod).toEqual(snap);

    const older = new Date(Date.now() - 21 * 86_400_000);
    const olderKey = scheduledPeriod('weekly', older, 'Europe/Paris').key;
    expectError(await call('GET', '/snapshots/weekly-qoe', `period=${olderKey}`), 404, 'not_found', 'period');
    expectError(await call('GET', '/snapshots/daily-lite'), 404, 'not_found');
    expectError(await call('GET', '/snapshots/weekly-qoe', 'period=nonsense'), 400, 'invalid_field', 'period');
  });
});

describe('GET /live/{environment}', () => {
  it('json (default) and html from the monitoring API', async () => {
    const res = await call('GET', '/live/demo');
    expect(res.statusCode).toBe(200);
    const view = json(res) as { environment: string; generatedAt: string; unavailable: string[] } & Record<
      string,
      unknown
    >;
    expect(view.environment).toBe('demo');
    expect(Date.parse(view.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(view['concurrentViewers']).not.toBeNull();
    expect(view.unavailable).toEqual([]);

    const html = await call('GET', '/live/demo', 'format=html');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/<html/i);
    expectError(await call('GET', '/live/demo', 'format=text'), 400, 'invalid_field', 'format');
  });

  it('502 when Mux refuses the environment credentials', async () => {
    const err = expectError(await call('GET', '/live/wrongcreds'), 502, 'upstream_unavailable');
    expect(err.message).toBe('Mux rejected the credentials of environment wrongcreds');
  });
});

describe('errors', () => {
  it('404 for unknown reports, environments and routes; 405 with Allow', async () => {
    const unknown = expectError(await call('GET', '/reports/nope'), 404, 'not_found', 'reportId');
    expect(unknown.message).toContain('no report "nope"');
    expectError(await call('POST', '/reports/nope/send', '', '{}'), 404, 'not_found', 'reportId');
    expectError(await call('GET', '/live/nope'), 404, 'not_found', 'environment');
    expectError(await call('GET', '/elsewhere'), 404, 'not_found', 'path');
    const res = await call('DELETE', '/reports');
    expectError(res, 405, 'method_not_allowed', 'method');
    expect(res.headers['allow']).toBe('GET');
  });

  it('502 upstream_unavailable when Mux refuses the credentials or the secret is missing', async () => {
    const rejected = expectError(await call('GET', '/reports/wrong-creds', 'format=json'), 502, 'upstream_unavailable');
    expect(rejected.message).toBe('Mux rejected the credentials of environment wrongcreds');
    const missing = expectError(await call('GET', '/reports/no-secret', 'format=json'), 502, 'upstream_unavailable');
    expect(missing.message).toMatch(/credentials of environment nosecret could not be read/);
    expect(missing.message).not.toContain('mux-qoe-reports/');
  });

  it('502 when the Mux core (scorecard) fails', async () => {
    world.fake.addFault({ match: '/metrics/comparison', kind: 500 });
    const err = expectError(await call('GET', '/reports/daily-lite', 'format=json'), 502, 'upstream_unavailable');
    expect(err.message).toMatch(/Mux Data did not answer for environment demo \(HTTP 500\)/);
  });

  it('500 internal_error with the request id and no internals for an unexpected failure', async () => {
    const { S3SnapshotStore } = await import('../../functions/commons/report/snapshot-store-s3.js');
    vi.spyOn(S3SnapshotStore.prototype, 'getLatest').mockRejectedValueOnce(
      new TypeError('Cannot read properties of undefined (reading "secretThing")'),
    );
    const res = await call('GET', '/snapshots/weekly-qoe');
    const err = expectError(res, 500, 'internal_error', null);
    expect(err.message).toBe(`internal error (request id ${res.headers['x-request-id']})`);
    expect(res.body).not.toContain('secretThing');
    expect(res.body).not.toContain('TypeError');
  });

  it('400 for something that is not a Function URL event', async () => {
    const res = await handler({ hello: 'world' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
