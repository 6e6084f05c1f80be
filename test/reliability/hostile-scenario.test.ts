/**
 * Issue 23's "Must show": the fake's hostile scenario (fake-mux/hostile-scenario.ts: viewer-controlled values
 * replaced by support/hostile-corpus.ts) through the whole pipeline — a report and a `{ top }` fan-out over video
 * titles — to every destination, with one assertion per destination: the email (HTML + text, size budget), Slack
 * (no mention, no foreign link, escaped `text`), Teams (no markdown link or emphasis from values), the signed
 * webhook (bounded), the archive (keys under S3's limit, snapshot bounded), `npm run query` (no ESC), and "what
 * changed and why" still available with a lone surrogate in the data.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueryCli } from '../../cli/query.js';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { createDynamoDbClient, createS3Client, createSesClient } from '../../functions/commons/aws/clients.js';
import { parseConfig } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { SesSender } from '../../functions/commons/delivery/ses-sender.js';
import { fanOutValues } from '../../functions/commons/pipeline/fan-out-values.js';
import { type RunReportResult, runReport } from '../../functions/commons/pipeline/run-report.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { HOSTILE_CORPUS } from '../../support/hostile-corpus.js';
import { closeServer, listen, readBody } from '../../support/http-server.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { memoryIo, memoryStream } from '../helpers/memory-io.js';
import { NOW, PERIOD_SPEC } from './harness.js';

const BUCKET = 'hostile-scenario';
const HTML_BUDGET = 96 * 1024;
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function receiver() {
  const bodies: string[] = [];
  const server = http.createServer(async (req, res) => {
    bodies.push((await readBody(req)).toString('utf8'));
    res.writeHead(200).end('ok');
  });
  return { server, bodies };
}
const slack = receiver();
const teams = receiver();
const hook = receiver();

let fake: FakeMux;
let aws: LocalAws;
let s3: S3Client;
let archiveDir: string;
const results: RunReportResult[] = [];
let segments: string[] = [];

function config(): Config {
  const channels = [
    { type: 'email' },
    { type: 'slack', webhookSecret: 'slack' },
    { type: 'teams', webhookSecret: 'teams' },
    { type: 'webhook', urlSecret: 'hook', signingSecret: 'hook-key' },
  ];
  const report = {
    environment: 'hostile',
    cadence: 'weekly',
    timeZone: 'UTC',
    recipients: ['team@example.com'],
    from: 'reports@example.com',
    channels,
    minViews: 1,
    breakdownDimensions: ['video_title', 'player_name', 'country'],
  };
  return parseConfig(
    {
      environments: [{ name: 'hostile', rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } }],
      reports: [
        { ...report, id: 'hostile', title: 'Weekly QoE' },
        {
          ...report,
          id: 'per-title',
          title: 'Per title',
          fanOut: { dimension: 'video_title', values: { top: 12, minViews: 0 } },
        },
      ],
    },
    'hostile-scenario-test',
  );
}

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false, scenario: 'hostile' });
  const urls = await Promise.all([slack, teams, hook].map((r) => listen(r.server)));
  aws = await startLocalAws({ s3: { buckets: [BUCKET] }, ses: true, dynamodb: true });
  await aws.createTable('hostile-scenario-idem');
  archiveDir = await mkdtemp(path.join(tmpdir(), 'hostile-archive-'));
  const common = { region: 'eu-west-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  s3 = createS3Client({ ...common, endpoint: aws.endpoints.s3 });
  const ddb = createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb });
  const secrets: Record<string, string> = { slack: urls[0]!, teams: urls[1]!, hook: urls[2]!, 'hook-key': 'whsec_x' };
  const cfg = config();
  const mux = {
    baseUrl: fake.url,
    credentials: async () => ({ tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' }),
    clientOptions: { timeoutMs: 10_000, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  };
  const run = async (reportId: string, segment?: string) => {
    const r = await runReport({
      config: cfg,
      reportId,
      ...(segment !== undefined ? { segment } : {}),
      period: { kind: 'spec', spec: PERIOD_SPEC },
      now: NOW,
      ...mux,
      delivery: {
        store: new S3SnapshotStore({ bucket: BUCKET, client: s3 }),
        sender: new SesSender({ client: createSesClient({ ...common, endpoint: aws.endpoints.ses }), baseDelayMs: 1 }),
        idempotency: { tableName: 'hostile-scenario-idem', ddbClient: ddb },
        channels: { secrets: async (name) => secrets[name]! },
      },
      logger: { info: () => {}, warn: () => {} },
    });
    await new LocalSnapshotStore(archiveDir).put(r.generated.snapshot);
    results.push(r);
  };
  await run('hostile');
  segments = await fanOutValues({
    config: cfg,
    reportId: 'per-title',
    period: { kind: 'spec', spec: PERIOD_SPEC },
    now: NOW,
    ...mux,
  });
  // The hostile values that are valid segments: long non-ASCII, path-like, mentions.
  for (const v of segments.filter((s) => /東|é|\.\.|<!channel>/.test(s))) await run('per-title', v);
  ddb.destroy();
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  await Promise.all([slack, teams, hook].map((r) => closeServer(r.server)));
  await fake?.close();
  await aws?.close();
  if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
});

describe('the hostile scenario, destination by destination', () => {
  it('fans out to the hostile values that can be queried back, never to altered ones', () => {
    expect(segments).toContain(HOSTILE_CORPUS.longCjk);
    expect(segments).toContain(HOSTILE_CORPUS.pathLike);
    expect(segments.some((s) => s.includes('\ufffd') || s.endsWith('…'))).toBe(false);
    expect(results.length).toBeGreaterThanOrEqual(4);
  });

  it('"what changed and why" and every section stay available (lone surrogates included)', () => {
    for (const r of results) {
      const s = r.generated.snapshot as unknown as Record<string, { status?: string }>;
      expect(s['causes']?.status, r.generated.snapshot.report.id).toBe('ok');
      expect(s['insights']?.status).toBe('ok');
      expect(s['breakdowns']?.status).toBe('ok');
    }
  });

  it('email: escaped, within its size budget, no control characters in the text part', () => {
    for (const { generated } of results) {
      const { html, text, subject } = generated.email;
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(HTML_BUDGET);
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).not.toMatch(LONE);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(subject).not.toMatch(/[\r\n]/);
    }
  });

  it('Slack: no mention, no foreign link, the notification text escaped too', () => {
    expect(slack.bodies.length).toBe(results.length);
    for (const body of slack.bodies) {
      expect(body).not.toMatch(/<!channel>|<!here>|<@U12345>|<!subteam/);
      expect(body).not.toMatch(/evil\.example/);
      const msg = JSON.parse(body) as { text: string };
      expect(msg.text).not.toMatch(/[<>\n]/);
      // The only `<…>` are our links into the Mux dashboard.
      for (const m of body.matchAll(/<([^>]*)>/g)) expect(m[1]).toMatch(/^https:\/\/dashboard\.mux\.com\//);
    }
  });

  it('Teams: no markdown link, emphasis or foreign link from values', () => {
    expect(teams.bodies.length).toBe(results.length);
    for (const body of teams.bodies) {
      expect(body).not.toMatch(/\]\(|\*\*pwn\*\*|evil\.example/);
      const texts = [...body.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
      for (const t of texts) expect(t).not.toMatch(/[\n\r*[\]]/);
    }
  });

  it('webhook: bounded, well-formed JSON', () => {
    expect(hook.bodies.length).toBe(results.length);
    for (const body of hook.bodies) {
      expect(Buffer.byteLength(body)).toBeLessThan(64 * 1024);
      expect(body).not.toMatch(LONE);
      // Mux's markup and line separators as \u escapes (jsonText): safe for a receiver that embeds or evals it.
      expect(body).not.toMatch(/[<>&\u2028\u2029]/);
      expect(() => JSON.parse(body)).not.toThrow();
    }
  });

  it('archive: every key under S3’s 1,024 bytes, every snapshot bounded', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.some((k) => k.includes('@'))).toBe(true); // the hashed form of 200 × 東
    for (const k of keys) expect(Buffer.byteLength(k)).toBeLessThan(1024);
    for (const o of listed.Contents ?? []) expect(o.Size ?? 0).toBeLessThan(512 * 1024);
  });

  it('npm run query: no escape sequence reaches the terminal', async () => {
    // stdout and stderr in one stream: neither may carry an escape sequence.
    const both = memoryStream();
    const io = { ...memoryIo({ cwd: archiveDir, stderr: both }), stdout: both };
    const sql = 'SELECT * FROM snapshots';
    expect(await runQueryCli(['--archive', archiveDir, sql], io)).toBe(0);
    expect(await runQueryCli(['--archive', archiveDir, '--json', sql], io)).toBe(0);
    const out = both.text();
    expect(out.length).toBeGreaterThan(1000);
    expect(out).not.toMatch(/[\u001b\u009b\u009d\u0007\u0000]/);
  });
});
