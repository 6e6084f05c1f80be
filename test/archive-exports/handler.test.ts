/**
 * The archive-exports handler invoked in-process with EventBridge Scheduler's event and the environment
 * variables Lambda gets, against the fake Mux, s3rver and the local Secrets Manager endpoint.
 */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as ArchiveModule from '../../functions/archive-exports/handler.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import { createUploadS3Client } from '../../functions/commons/exports/index.js';
import { FAKE_CREDENTIALS, type Stage, startStage, useEnvironment } from '../../support/stage.js';

const BUCKET = 'archive-handler';
const rateLimit = { dataPerSecond: 50, monitoringPerSecond: 10 };
const config: ConfigInput = {
  environments: [
    { name: 'prod', secretName: 'mux-qoe-reports/prod', rateLimit, archiveExports: true },
    { name: 'edge', secretName: 'mux-qoe-reports/prod', rateLimit, archiveExports: true },
    { name: 'staging', secretName: 'mux-qoe-reports/staging', rateLimit },
  ],
  reports: [
    {
      id: 'weekly-qoe',
      title: 'Weekly',
      environment: 'prod',
      cadence: 'weekly',
      timeZone: 'UTC',
      recipients: ['a@example.com'],
      from: 'qoe@example.com',
    },
  ],
};

let stage: Stage;
let restoreEnv: (() => void) | undefined;
let s3: S3Client;
let mod: typeof ArchiveModule;
const scheduledTime = '2026-03-10T06:30:00Z';

beforeAll(async () => {
  stage = await startStage({
    config,
    bucket: BUCKET,
    ses: false,
    fake: { now: new Date('2026-03-10T06:30:05Z') },
    secrets: { 'mux-qoe-reports/prod': JSON.stringify(FAKE_CREDENTIALS) },
    settings: { logLevel: 'SILENT', metricsDisabled: true, mux: { maxRetries: 0 } },
  });
  restoreEnv = useEnvironment(stage.env('archive-exports'));
  vi.resetModules();
  mod = await import('../../functions/archive-exports/handler.js');
  s3 = createUploadS3Client();
});
afterAll(async () => {
  s3?.destroy();
  await stage?.close();
  restoreEnv?.();
});

describe('archive-exports handler', () => {
  it('archives the listed exports of the event environment, then finds nothing new', async () => {
    const result = await mod.handler({ environment: 'prod', scheduledTime });
    expect(result.status).toBe('archived');
    expect(result.archived).toHaveLength(7);
    expect(result.archived[6]).toBe('exports/prod/dt=2026-03-09/2026-03-09.csv.gz');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'exports/prod/' }));
    expect(listed.KeyCount).toBe(7);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: result.archived[0]! }));
    expect(head.ContentLength).toBeGreaterThan(1000);

    const again = await mod.handler({ environment: 'prod', scheduledTime });
    expect(again).toMatchObject({ status: 'up-to-date', archived: [], skipped: 7, failed: [] });
  });

  it('rejects unknown environments, environments without archiveExports, and bad events', async () => {
    await expect(mod.handler({ environment: 'nope', scheduledTime })).rejects.toThrow(
      'unknown environment "nope" (configured: prod, edge, staging)',
    );
    await expect(mod.handler({ environment: 'staging', scheduledTime })).rejects.toThrow(
      'environment "staging" does not have archiveExports: true',
    );
    await expect(mod.handler({ environment: 'prod' })).rejects.toThrow('invalid event: scheduledTime is required');
    await expect(mod.handler({ environment: 'prod', scheduledTime, extra: 1 })).rejects.toThrow(
      'unknown field "extra"',
    );
    await expect(mod.handler(null)).rejects.toBeInstanceOf(mod.ArchiveExportsError);
  });

  it('is a success (not-available) when the plan has no exports', async () => {
    stage.fake.addFault({ match: '/exports', kind: 'plan-gated' });
    try {
      await expect(mod.handler({ environment: 'prod', scheduledTime })).resolves.toMatchObject({
        status: 'not-available',
        archived: [],
      });
    } finally {
      stage.fake.clearFaults();
    }
  });

  it('throws after trying every file, naming the one that failed', async () => {
    const day = '2026-03-05';
    stage.fake.addFault({ match: `/_exports/${day}.csv.gz`, kind: 'reset' });
    try {
      const error = await mod.handler({ environment: 'edge', scheduledTime }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(mod.ArchiveExportsError);
      const { message, result } = error as InstanceType<typeof mod.ArchiveExportsError>;
      expect(message).toMatch(
        new RegExp(
          `^archive of raw exports for "edge": 1 file\\(s\\) failed: exports/edge/dt=${day}/${day}\\.csv\\.gz \\(`,
        ),
      );
      expect(result?.archived).toHaveLength(6);
      expect(result?.failed.map((f) => f.exportDate)).toEqual([day]);
    } finally {
      stage.fake.clearFaults();
    }
  });

  it('throws when Mux fails to list the exports', async () => {
    stage.fake.addFault({ match: '/exports/views', kind: 500 });
    try {
      await expect(mod.handler({ environment: 'prod', scheduledTime })).rejects.toThrow(
        /^archive of raw exports for "prod" failed: MuxApiError: Mux API 500/,
      );
    } finally {
      stage.fake.clearFaults();
    }
  });
});
