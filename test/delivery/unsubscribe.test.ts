/**
 * Customer-facing reports (config/audience.ts), end to end against the emulators (fake Mux, s3rver,
 * aws-ses-v2-local, dynalite, the local Secrets Manager endpoint), through the real handlers:
 * the scheduled run sends one message per address with RFC 8058 headers and a personal footer; the unsubscribe
 * function's GET only confirms, its one-click POST records, a forged or damaged token is refused; the next run
 * skips the address; `npm run subscribers -- --resubscribe` brings it back.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSubscribersCli } from '../../cli/subscribers.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import { DynamoUnsubscribeStore } from '../../functions/commons/delivery/unsubscribe/store.js';
import { signToken } from '../../functions/commons/delivery/unsubscribe/token.js';
import type { FunctionUrlResponse } from '../../functions/commons/http/http-error.js';
import type * as ScheduledModule from '../../functions/scheduled-report/handler.js';
import type * as UnsubscribeModule from '../../functions/unsubscribe/handler.js';
import { functionUrlEvent, lambdaContext, mondayMorning } from '../../support/events.js';
import { FAKE_CREDENTIALS, type Stage, startStage, useEnvironment } from '../../support/stage.js';
import { createMailListTable, localDynamoDb } from '../helpers/mail-list-table.js';
import { memoryIo } from '../helpers/memory-io.js';

const KEY_SECRET = 'mux-qoe-reports/unsubscribe-key';
const KEY = 'test-signing-key-0123456789abcdefghijklmnopqrstuvwxyz';
const TABLE = 'unsubscribes';
const BASE_URL = 'https://unsub.example.on.aws/';

const config: ConfigInput = {
  environments: [{ name: 'demo', rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } }],
  reports: [
    {
      id: 'per-customer',
      title: 'Video experience',
      environment: 'demo',
      cadence: 'weekly',
      timeZone: 'UTC',
      audience: 'external',
      from: 'qoe@platform.example',
      recipients: ['am@platform.example'],
      fanOut: {
        dimension: 'sub_property_id',
        values: ['acme', 'globex'],
        recipients: { acme: ['ops@acme.example', 'CTO@acme.example'] },
      },
    },
    {
      id: 'team',
      title: 'Team report',
      environment: 'demo',
      recipients: ['team@platform.example'],
      from: 'qoe@platform.example',
    },
  ],
};

let stage: Stage;
const now = new Date();
const week = (n: number) => mondayMorning(now, n).toISOString();

/** Imports a handler fresh with `service`'s environment (the module reads it at init). */
async function withHandler<M>(service: string, load: () => Promise<M>, run: (m: M) => Promise<void>): Promise<void> {
  const restore = useEnvironment(stage.env(service));
  try {
    vi.resetModules();
    await run(await load());
  } finally {
    restore();
  }
}

async function runSegment(segment: string, scheduledTime: string) {
  let summary: unknown;
  await withHandler(
    'scheduled-report',
    () => import('../../functions/scheduled-report/handler.js') as Promise<typeof ScheduledModule>,
    async ({ handler }) => {
      summary = await handler({ reportId: 'per-customer', scheduledTime, segment }, lambdaContext());
    },
  );
  return summary as { status: string; messageIds: string[] };
}

async function unsubscribeCall(event: Record<string, unknown>): Promise<FunctionUrlResponse> {
  let response: FunctionUrlResponse | undefined;
  await withHandler(
    'unsubscribe',
    () => import('../../functions/unsubscribe/handler.js') as Promise<typeof UnsubscribeModule>,
    async ({ handler }) => {
      response = await handler(event, lambdaContext());
    },
  );
  return response!;
}

/** The Function URL event of a request to `url` (what Lambda hands the unsubscribe function). */
function requestTo(url: string, method: string, body?: string, contentType?: string): Record<string, unknown> {
  const u = new URL(url);
  const event = functionUrlEvent(method, u.pathname, u.search.slice(1));
  if (body === undefined) return event;
  return {
    ...event,
    headers: { ...(event['headers'] as Record<string, string>), 'content-type': contentType ?? '' },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

const oneClick = (url: string) =>
  requestTo(url, 'POST', 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');

function store(): DynamoUnsubscribeStore {
  return new DynamoUnsubscribeStore({
    tableName: TABLE,
    client: localDynamoDb(stage.aws.endpoints.dynamodb!),
  });
}

/** Header lines of a raw message, unfolded (RFC 5322 §2.2.3). */
function headerLines(raw: Buffer): string[] {
  const head = raw.toString('utf8').split('\r\n\r\n')[0]!;
  return head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

beforeAll(async () => {
  stage = await startStage({
    config,
    bucket: 'unsubscribe-snapshots',
    table: 'unsubscribe-idempotency',
    secrets: { 'mux-qoe-reports/demo': JSON.stringify(FAKE_CREDENTIALS), [KEY_SECRET]: KEY },
    settings: {
      unsubscribe: { url: BASE_URL, table: TABLE, keySecret: KEY_SECRET },
      sesConfigurationSet: 'mux-qoe-reports',
      metricsDisabled: true,
      logLevel: 'SILENT',
    },
  });
  await createMailListTable(stage.aws.endpoints.dynamodb!, TABLE);
}, 60_000);

afterAll(async () => {
  await stage?.close();
});

describe('one-click unsubscribe, end to end', () => {
  const links = new Map<string, string>();

  it('sends one message per address, each with its own RFC 8058 headers and footer', async () => {
    await stage.aws.sesClear();
    const summary = await runSegment('acme', week(3));
    expect(summary.status).toBe('sent');
    const sent = stage.aws.sesRaw();
    expect(sent.map((s) => s.destinations)).toEqual([['ops@acme.example'], ['CTO@acme.example']]);
    // Every message goes through the configuration set that suppresses bounces and complaints.
    expect(sent.map((s) => s.configurationSet)).toEqual(['mux-qoe-reports', 'mux-qoe-reports']);
    for (const { raw, destinations } of sent) {
      const address = destinations[0]!;
      const lines = headerLines(raw);
      const unsub = lines.filter((l) => /^List-Unsubscribe:/i.test(l));
      expect(unsub).toHaveLength(1);
      const m =
        /^List-Unsubscribe: <(https:\/\/unsub\.example\.on\.aws\/\?t=v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)>$/.exec(
          unsub[0]!,
        );
      expect(m, unsub[0]).not.toBeNull();
      expect(lines.filter((l) => /^List-Unsubscribe-Post:/i.test(l))).toEqual([
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      ]);
      const url = m![1]!;
      links.set(address, url);
      const mail = await simpleParser(raw);
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([address]);
      // The footer says whom it is for and how to stop it, with the same link, in both parts.
      expect(mail.text).toContain(`This report is for acme (sub_property_id) and was sent to ${address}.`);
      expect(mail.text).toContain(url);
      expect(mail.html).toContain(`href="${url}"`);
      expect(`${mail.text}${mail.html}`).not.toContain('{{mqr:');
    }
    expect(links.get('ops@acme.example')).not.toBe(links.get('CTO@acme.example'));
  }, 60_000);

  it('GET shows a confirmation page and unsubscribes nobody', async () => {
    const res = await unsubscribeCall(requestTo(links.get('CTO@acme.example')!, 'GET'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('CTO@acme.example');
    expect(res.body).toMatch(/<form method="post" action="\?t=v1\.[^"]+">/);
    expect(res.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await store().unsubscribed('per-customer', 'acme')).toEqual([]);
  }, 30_000);

  it('refuses forged, damaged and missing tokens, wrong bodies and methods, changing nothing', async () => {
    const url = new URL(links.get('CTO@acme.example')!);
    const [v, , mac] = url.searchParams.get('t')!.split('.');
    // The same MAC on someone else's payload: a forgery.
    const otherPayload = Buffer.from(JSON.stringify({ r: 'per-customer', s: 'acme', a: 'ops@acme.example' })).toString(
      'base64url',
    );
    const forged = `${BASE_URL}?t=${v}.${otherPayload}.${mac}`;
    expect((await unsubscribeCall(oneClick(forged))).statusCode).toBe(403);
    const wrongKey = signToken(
      { reportId: 'per-customer', segment: 'acme', address: 'ops@acme.example' },
      'an-attacker-key-0123456789abcdefghijklmnop',
    );
    expect((await unsubscribeCall(oneClick(`${BASE_URL}?t=${wrongKey}`))).statusCode).toBe(403);
    expect((await unsubscribeCall(oneClick(`${BASE_URL}?t=garbage`))).statusCode).toBe(400);
    expect((await unsubscribeCall(oneClick(BASE_URL))).statusCode).toBe(400);
    const good = links.get('CTO@acme.example')!;
    expect(
      (await unsubscribeCall(requestTo(good, 'POST', 'List-Unsubscribe=No', 'application/x-www-form-urlencoded')))
        .statusCode,
    ).toBe(400);
    const put = await unsubscribeCall(requestTo(good, 'PUT'));
    expect(put.statusCode).toBe(405);
    expect(put.headers['allow']).toBe('GET, POST');
    expect(await store().unsubscribed('per-customer', 'acme')).toEqual([]);
  }, 30_000);

  it('the one-click POST unsubscribes that address from that segment (and a repeat is harmless)', async () => {
    const url = links.get('CTO@acme.example')!;
    for (let i = 0; i < 2; i++) {
      const res = await unsubscribeCall(oneClick(url));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('You are unsubscribed');
    }
    const rows = await store().unsubscribed('per-customer', 'acme');
    expect(rows.map((r) => [r.address, r.source])).toEqual([['cto@acme.example', 'one-click']]);
    expect(await store().unsubscribed('per-customer', 'globex')).toEqual([]);
  }, 30_000);

  it('accepts the multipart/form-data body RFC 8058 recommends', async () => {
    const boundary = 'xYzZY';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const res = await unsubscribeCall(
      requestTo(links.get('ops@acme.example')!, 'POST', body, `multipart/form-data; boundary=${boundary}`),
    );
    expect(res.statusCode).toBe(200);
    // Put it back for the next steps (the CLI's own path is tested below).
    expect(await store().resubscribe({ reportId: 'per-customer', segment: 'acme', address: 'ops@acme.example' })).toBe(
      true,
    );
  }, 30_000);

  it('the next run skips the unsubscribed address, and only it', async () => {
    await stage.aws.sesClear();
    const summary = await runSegment('acme', week(2));
    expect(summary.status).toBe('sent');
    expect(stage.aws.sesRaw().map((s) => s.destinations)).toEqual([['ops@acme.example']]);
  }, 60_000);

  it('npm run subscribers -- --resubscribe brings the address back from the next run', async () => {
    const io = memoryIo({ env: { REPORTS_CONFIG: JSON.stringify(config) } });
    const [out, err] = [io.stdout.writes, io.stderr.writes];
    const cli = (...argv: string[]) => runSubscribersCli(['--table', TABLE, ...argv], io, { unsubscribes: store() });

    expect(await cli('--report', 'per-customer', '--segment', 'acme', '--list')).toBe(0);
    expect(out.pop()).toMatch(/^cto@acme\.example\t\d{4}-\d\d-\d\dT[^\t]+\tone-click\n$/);
    expect(await cli('--report', 'per-customer', '--segment', 'acme', '--resubscribe', 'Cto@Acme.example')).toBe(0);
    expect(out.pop()).toBe(
      'Cto@Acme.example is subscribed again to "per-customer" (segment acme): the next run mails it\n',
    );
    expect(await cli('--report', 'per-customer', '--segment', 'acme', '--resubscribe', 'cto@acme.example')).toBe(0);
    expect(out.pop()).toMatch(/had not unsubscribed/);

    await stage.aws.sesClear();
    await runSegment('acme', week(1));
    expect(stage.aws.sesRaw().map((s) => s.destinations)).toEqual([['ops@acme.example'], ['CTO@acme.example']]);

    // Clear usage errors, exit code 2, nothing touched.
    const usage: [string[], RegExp][] = [
      [['--report', 'nope', '--list'], /unknown report "nope" \(configured: per-customer, team\)/],
      [['--report', 'team', '--list'], /"team" is not customer-facing/],
      [['--report', 'per-customer', '--list'], /fans out by sub_property_id: --segment <value> is required/],
      [['--report', 'per-customer', '--segment', 'initech', '--list'], /has no segment "initech"/],
      [['--report', 'per-customer', '--segment', 'acme', '--resubscribe', 'not-an-address'], /is not an email address/],
      [['--report', 'per-customer', '--segment', 'acme'], /exactly one of --resubscribe/],
    ];
    for (const [argv, message] of usage) {
      expect(await cli(...argv), argv.join(' ')).toBe(2);
      expect(err.pop()).toMatch(message);
    }
    expect(await runSubscribersCli(['--help'], io)).toBe(0);
    expect(out.pop()).toContain('Usage: npm run subscribers');
  }, 90_000);

  it('a team report keeps one message for its list, with no unsubscribe header', async () => {
    await stage.aws.sesClear();
    await withHandler(
      'scheduled-report',
      () => import('../../functions/scheduled-report/handler.js') as Promise<typeof ScheduledModule>,
      async ({ handler }) => {
        await handler({ reportId: 'team', scheduledTime: week(1) }, lambdaContext());
      },
    );
    const [sent] = stage.aws.sesRaw();
    expect(headerLines(sent!.raw).some((l) => /^List-Unsubscribe/i.test(l))).toBe(false);
    expect((await simpleParser(sent!.raw)).text).not.toContain('This report is for');
  }, 60_000);
});
