/**
 * The fault matrix: every row of matrix.ts through the real pipeline (`runReport`: fake Mux over HTTP → collect →
 * render → S3 (s3rver) → idempotent send (dynalite) → SES (aws-ses-v2-local)).
 *
 * Per row, on top of the expected outcome: never more than one email, an email only with its snapshot archived,
 * no COMPLETED idempotency record without an email, no unhandled rejection. Clean failures are re-run without the
 * fault (exactly one email) and once more (still one email).
 *
 * Wrong types and nulls come from a small rewriting `node:http` proxy in front of the fake (harness.ts), since the
 * fake only serves well-formed data. `UPDATE_DOCS=1` rewrites the table in docs/reliability.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { createDynamoDbClient, createS3Client, createSesClient } from '../../functions/commons/aws/clients.js';
import type { IdempotencyOptions } from '../../functions/commons/delivery/deliver.js';
import { type EmailSender, SesSender } from '../../functions/commons/delivery/ses-sender.js';
import type { CredentialsProvider } from '../../functions/commons/pipeline/generate.js';
import { type RunReportResult, runReport } from '../../functions/commons/pipeline/run-report.js';
import { snapshotKey } from '../../functions/commons/report/snapshot-store.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import {
  closedPort,
  decodeEntities,
  idempotencyRecords,
  makeConfig,
  NOW,
  PERIOD_SPEC,
  type RewriteProxy,
  readBucket,
  type SesThrottleProxy,
  startRewriteProxy,
  startSesThrottleProxy,
} from './harness.js';
import { INFRA_ROWS, MATRIX, type MatrixRow, MUX_FAULTS, matrixMarkdown, PLACES } from './matrix.js';

const BUCKET = 'reliability';
const TOKEN = { tokenId: 'fm-token-id', tokenSecret: 'fm-token-secret' };
const DOC = join(import.meta.dirname, '..', '..', 'docs', 'reliability.md');
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const CLIENT_OPTIONS = {
  timeoutMs: 300,
  retry: { baseDelayMs: 5, maxDelayMs: 20, rateLimitedMinDelayMs: 5 },
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let fake: FakeMux;
let proxy: RewriteProxy;
let aws: LocalAws;
let sesThrottle: SesThrottleProxy;
let s3: S3Client;
let ddb: DynamoDBClient;
let ses: SesSender;
let throttledSes: SesSender;
let deadSes: SesSender;
let runs = 0;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false, ...TOKEN });
  proxy = await startRewriteProxy(fake.url);
  aws = await startLocalAws({ s3: { buckets: [BUCKET] }, ses: true, dynamodb: true });
  sesThrottle = await startSesThrottleProxy(aws.endpoints.ses as string);
  const common = { region: 'eu-west-1', credentials: creds };
  s3 = createS3Client({ ...common, endpoint: aws.endpoints.s3 });
  ddb = createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb });
  // SDK retries off (maxAttempts 1): the sender's own bounded retries are what is under test, and fast.
  const sesVia = (endpoint: string, maxAttempts: number) =>
    new SesSender({ client: createSesClient({ ...common, endpoint, maxAttempts: 1 }), baseDelayMs: 1, maxAttempts });
  ses = sesVia(aws.endpoints.ses as string, 4);
  throttledSes = sesVia(sesThrottle.url, 4);
  deadSes = sesVia(`http://127.0.0.1:${await closedPort()}`, 2);
}, 30_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  s3?.destroy();
  ddb?.destroy();
  await sesThrottle?.close();
  await proxy?.close();
  await fake?.close();
  await aws?.close();
});

interface RunSetup {
  reportId: string;
  envName: string;
  table: string;
  baseUrl?: string;
  credentials?: CredentialsProvider;
  bucket?: string;
  sender?: EmailSender;
  tableName?: string;
  /** Mux client retries (default 2; the 429 burst of 3 needs the client's default 4). */
  maxRetries?: number;
}

async function freshRun(): Promise<RunSetup> {
  const n = ++runs;
  const table = `idem-${n}`;
  await aws.createTable(table);
  await aws.sesClear();
  return { reportId: `fm-${n}`, envName: `fm-${n}`, table };
}

const goodCredentials: CredentialsProvider = async () => ({ ...TOKEN });

async function attempt(setup: RunSetup): Promise<{ result?: RunReportResult; error?: Error }> {
  const idempotency: IdempotencyOptions = { tableName: setup.tableName ?? setup.table, ddbClient: ddb };
  try {
    const result = await runReport({
      config: makeConfig({ envName: setup.envName, reportId: setup.reportId }),
      reportId: setup.reportId,
      period: { kind: 'spec', spec: PERIOD_SPEC },
      now: NOW,
      baseUrl: setup.baseUrl ?? fake.url,
      credentials: setup.credentials ?? goodCredentials,
      clientOptions: { ...CLIENT_OPTIONS, maxRetries: setup.maxRetries ?? 2 },
      delivery: {
        store: new S3SnapshotStore({ bucket: setup.bucket ?? BUCKET, client: s3 }),
        sender: setup.sender ?? ses,
        idempotency,
      },
      logger: { info: () => {}, warn: () => {} },
    });
    return { result };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Invariants after any run: ≤ 1 email; an email implies an archived snapshot and a COMPLETED record. */
async function checkInvariants(setup: RunSetup): Promise<{ mails: number; completed: number }> {
  const mails = await aws.sesStore();
  expect(mails.length).toBeLessThanOrEqual(1);
  const records = await idempotencyRecords(ddb, setup.table).catch(() => []);
  const completed = records.filter((r) => r.status === 'COMPLETED').length;
  expect(completed).toBe(mails.length);
  if (mails.length === 1) {
    const objects = await readBucket(s3, BUCKET, `snapshots/report=${setup.reportId}/`);
    expect([...objects.keys()].filter((k) => k.endsWith('snapshot.json'))).toHaveLength(1);
  }
  return { mails: mails.length, completed };
}

interface RowHooks {
  /** Puts the fault in place / takes it away. */
  inject?: () => void;
  remove?: () => void;
  /** The section this place feeds (null: none). */
  sectionOf?: (r: RunReportResult) => { status: string; reason: string | null } | null;
  /** Extra checks on the first run's result. */
  afterFirst?: (first: { result?: RunReportResult; error?: Error }) => Promise<void> | void;
}

/** Asserts one row's outcome. */
async function checkRow(row: MatrixRow, setup: RunSetup, hooks: RowHooks = {}): Promise<void> {
  hooks.inject?.();
  const first = await attempt(setup);
  hooks.remove?.();
  const { mails } = await checkInvariants(setup);
  await hooks.afterFirst?.(first);

  if (row.expected === 'clean-failure') {
    expect(first.error, `expected a failure, got ${first.result?.delivery.status}`).toBeInstanceOf(Error);
    expect(first.error?.message).toMatch(row.pattern ?? /./);
    expect(mails).toBe(0);
    // The retry without the fault sends exactly one email, a third run none more.
    const retry = await attempt({ ...setup, tableName: setup.table });
    expect(retry.error).toBeUndefined();
    expect(retry.result?.delivery.status).toBe('sent');
    expect((await checkInvariants(setup)).mails).toBe(1);
    const again = await attempt({ ...setup, tableName: setup.table });
    expect(again.result?.delivery.status).toBe('already-sent');
    expect((await checkInvariants(setup)).mails).toBe(1);
    return;
  }

  expect(first.error).toBeUndefined();
  const result = first.result as RunReportResult;
  expect(result.delivery.status).toBe('sent');
  expect(mails).toBe(1);
  // The archived snapshot is the one rendered and sent.
  const objects = await readBucket(s3, BUCKET, `snapshots/report=${setup.reportId}/`);
  const archived = objects.get(snapshotKey(result.generated.snapshot));
  expect(archived && JSON.parse(archived)).toEqual(JSON.parse(JSON.stringify(result.generated.snapshot)));

  const section = hooks.sectionOf?.(result) ?? null;
  if (row.expected === 'complete') {
    if (section) expect(section.status).toBe('ok');
    return;
  }
  expect(section?.status).toBe('unavailable');
  expect(section?.reason).toMatch(row.pattern ?? /./);
  // The email says so, in both parts, as it reached SES.
  const [mail] = await aws.sesStore();
  // The text part wraps long lines and the HTML may break them: compare with whitespace collapsed.
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  const sentence = flat(`Unavailable for this period: ${section?.reason}`);
  expect(flat(mail?.body.text ?? '')).toContain(sentence);
  expect(flat(decodeEntities(mail?.body.html ?? ''))).toContain(sentence);
}

describe('fault matrix: Mux faults × places', () => {
  const cases = MUX_FAULTS.flatMap((fault) =>
    PLACES.map((place) => {
      const row = MATRIX.find((r) => r.fault === fault.name && r.place === place.name) as MatrixRow;
      return { label: `${fault.name} @ ${place.name} → ${row.expected}`, fault, place, row };
    }),
  );

  it.each(cases)('$label', async ({ fault, place, row }) => {
    const setup = await freshRun();
    const viaProxy = fault.via === 'proxy';
    const maxRetries = fault.fake?.kind === 429 ? 4 : 2;
    await checkRow(
      row,
      { ...setup, maxRetries, ...(viaProxy ? { baseUrl: proxy.url } : {}) },
      {
        inject: () => {
          if (fault.fake) fake.addFault({ ...fault.fake, match: place.match });
          if (fault.proxy) proxy.add({ ...fault.proxy, match: place.match });
        },
        remove: () => {
          fake.clearFaults();
          proxy.clear();
        },
        sectionOf: (r) => (place.section ? r.generated.snapshot[place.section] : null),
        afterFirst: ({ result }) => {
          if (place.name === 'overall' && !fault.transient) {
            // What /overall adds is the Mux benchmark: honestly N/A, while the scores still come from the scorecard.
            const scores = result?.generated.snapshot.scores.items ?? [];
            expect(scores.map((m) => m.globalDisplay ?? null)).toEqual(scores.map(() => null));
            expect(scores[0]?.value).toEqual(expect.any(Number));
          }
        },
      },
    );
  });
});

describe('fault matrix: credentials and AWS', () => {
  const row = (fault: string) => INFRA_ROWS.find((r) => r.fault === fault) as MatrixRow;
  /** A setup whose `key` is read through a getter, so `remove` can switch it back for the retry. */
  function switchable<K extends keyof RunSetup>(setup: RunSetup, key: K, faulty: RunSetup[K], good: RunSetup[K]) {
    let value = faulty;
    const s = { ...setup };
    Object.defineProperty(s, key, { get: () => value, enumerable: true });
    return {
      setup: s,
      remove: () => {
        value = good;
      },
    };
  }
  const archivedSnapshots = async (setup: RunSetup) =>
    [...(await readBucket(s3, BUCKET, `snapshots/report=${setup.reportId}/`)).keys()].filter((k) =>
      k.endsWith('snapshot.json'),
    );

  it('401 everywhere (wrong secret) → clean failure naming the rejected token', async () => {
    const setup = await freshRun();
    const wrong: CredentialsProvider = async () => ({ ...TOKEN, tokenSecret: 'not-the-secret' });
    const sw = switchable(setup, 'credentials', wrong, goodCredentials);
    await checkRow(row('401 everywhere (wrong secret)'), sw.setup, {
      remove: sw.remove,
      afterFirst: ({ error }) => expect(error?.message).toMatch(/token was rejected/),
    });
  });

  it('S3 bucket missing → clean failure before anything is sent or recorded', async () => {
    const setup = await freshRun();
    const sw = switchable(setup, 'bucket', 'no-such-bucket', BUCKET);
    await checkRow(row('bucket missing'), sw.setup, {
      remove: sw.remove,
      afterFirst: async () => expect(await idempotencyRecords(ddb, setup.table)).toEqual([]),
    });
  });

  it('SES throttling twice → sent after the sender retries', async () => {
    const setup = await freshRun();
    const before = sesThrottle.refused;
    await checkRow(
      row('Throttling ×2'),
      { ...setup, sender: throttledSes },
      {
        inject: () => {
          sesThrottle.throttle = 2;
        },
        remove: () => {
          sesThrottle.throttle = 0;
        },
      },
    );
    expect(sesThrottle.refused - before).toBe(2);
  });

  it('SES throttling persistently → clean failure, snapshot archived, no COMPLETED record; retry sends once', async () => {
    const setup = await freshRun();
    await checkRow(
      row('Throttling persistent'),
      { ...setup, sender: throttledSes },
      {
        inject: () => {
          sesThrottle.throttle = Number.POSITIVE_INFINITY;
        },
        remove: () => {
          sesThrottle.throttle = 0;
        },
        afterFirst: async ({ error }) => {
          expect(error?.message).toMatch(/after 4 attempt/);
          // Not lost: archived before the send was attempted.
          expect(await archivedSnapshots(setup)).toHaveLength(1);
          expect(await idempotencyRecords(ddb, setup.table)).toEqual([]);
        },
      },
    );
  });

  it('SES endpoint closed → clean failure, snapshot archived; retry sends once', async () => {
    const setup = await freshRun();
    const sw = switchable(setup, 'sender', deadSes, ses);
    await checkRow(row('endpoint closed'), sw.setup, {
      remove: sw.remove,
      afterFirst: async () => expect(await archivedSnapshots(setup)).toHaveLength(1),
    });
  });

  it('DynamoDB table missing → clean failure, nothing sent; retry with the table sends once', async () => {
    const setup = await freshRun();
    const sw = switchable(setup, 'tableName', 'no-such-table', setup.table);
    await checkRow(row('table missing'), sw.setup, { remove: sw.remove });
  });
});

describe('docs/reliability.md', () => {
  it('carries the generated fault-matrix table (UPDATE_DOCS=1 rewrites it)', () => {
    const start = '<!-- fault-matrix:start -->';
    const end = '<!-- fault-matrix:end -->';
    const table = `${start}\n${matrixMarkdown()}\n${end}`;
    let doc = readFileSync(DOC, 'utf8');
    if (process.env['UPDATE_DOCS'] === '1') {
      doc = doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), table);
      writeFileSync(DOC, doc);
    }
    expect(doc).toContain(table);
  });

  it('no unhandled rejection during the whole matrix', () => {
    expect(unhandled).toEqual([]);
  });
});
