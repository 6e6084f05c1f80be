/**
 * The real scheduled-report handler, invoked in-process with EventBridge Scheduler's event, against the
 * fake Mux and local S3 / SES / DynamoDB / Secrets Manager.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../functions/commons/aws/clients.js';
import { isoWeekOf } from '../../functions/commons/period/index.js';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import type * as ScheduledModule from '../../functions/scheduled-report/handler.js';
import { BUCKET, type HandlerWorld, lambdaContext, startWorld } from '../helpers/handler-world.js';

let world: HandlerWorld;
let handler: typeof ScheduledModule.handler;
let s3: S3Client;

/** The most recent Monday 07:00 UTC at or before now (= 08:00 Paris in winter): a real schedule time. */
function lastMondayRun(now = new Date()): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7, 0, 0));
  while (d.getUTCDay() !== 1 || d.getTime() > now.getTime()) d.setUTCDate(d.getUTCDate() - 1);
  return d;
}

beforeAll(async () => {
  world = await startWorld();
  ({ handler } = await import('../../functions/scheduled-report/handler.js'));
  s3 = createS3Client({
    endpoint: world.aws.endpoints.s3!,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  s3?.destroy();
  await world?.close();
});

describe('scheduled-report handler', () => {
  const runAt = lastMondayRun();
  const event = { reportId: 'weekly-qoe', scheduledTime: runAt.toISOString().replace('.000Z', 'Z') };
  // The week before the run, in Paris.
  const { year, week } = isoWeekOf(new Date(runAt.getTime() - 7 * 86_400_000), 'Europe/Paris');
  const expectedKey = `${year}-W${String(week).padStart(2, '0')}`;

  it('sends one email and archives the snapshot of the week before scheduledTime', async () => {
    const summary = await handler(event, lambdaContext());
    expect(summary).toMatchObject({ status: 'sent', reportId: 'weekly-qoe', periodKey: expectedKey });
    expect(summary.messageIds).toHaveLength(1);
    expect(summary.snapshotKey).toMatch(
      /^snapshots\/report=weekly-qoe\/cadence=weekly\/dt=\d{4}-\d{2}-\d{2}\/snapshot\.json$/,
    );

    const mails = await world.aws.sesStore();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Viewer experience \d+ .* — week of /);
    expect(
      world.aws
        .sesRaw()[0]!
        .destinations.map((a) => a.toLowerCase())
        .sort(),
    ).toEqual(['boss@corp.example.org', 'oncall-video@example.com', 'video-team@example.com']);
    const raw = await simpleParser(world.aws.sesRaw()[0]!.raw);
    expect(raw.headers.get('x-report-period')).toBe(expectedKey);

    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: summary.snapshotKey }));
    const text = (await object.Body!.transformToString('utf-8')).trimEnd();
    expect(text).not.toContain('\n');
    const snapshot = snapshotSchema.parse(JSON.parse(text));
    expect(snapshot.period.key).toBe(expectedKey);
    expect(snapshot.period.start).toMatch(/T00:00:00\+01:00$/);
    expect(snapshot.archiveLocation).toBe(`s3://${BUCKET}/${summary.snapshotKey}`);
    expect(snapshot.headline.totalViews).toBeGreaterThan(0);
  });

  it('treats the same event again (Lambda async retry) as already sent: still one email', async () => {
    const summary = await handler(event, lambdaContext('req-retry'));
    expect(summary).toMatchObject({ status: 'already-sent', periodKey: expectedKey });
    expect(summary.messageIds).toHaveLength(1);
    expect(await world.aws.sesStore()).toHaveLength(1);
  });

  it('throws on a bad event, naming the field', async () => {
    await expect(handler({ reportId: 'weekly-qoe' })).rejects.toThrow(/invalid event: scheduledTime is required/);
    await expect(handler({ reportId: 'weekly-qoe', scheduledTime: 'monday' })).rejects.toThrow(
      /invalid event: scheduledTime must be an ISO 8601 date-time/,
    );
    await expect(handler({ scheduledTime: event.scheduledTime })).rejects.toThrow(/reportId is required/);
    await expect(handler({ ...event, force: true })).rejects.toThrow(/unknown field "force"/);
    await expect(handler('weekly-qoe')).rejects.toThrow(/expected an object/);
    await expect(handler({ ...event, scheduledTime: '2099-01-05T07:00:00Z' })).rejects.toThrow(/in the future/);
  });

  it('throws for an unknown report, with a suggestion', async () => {
    await expect(handler({ ...event, reportId: 'weekly-qo' })).rejects.toThrow(
      /^scheduled report weekly-qo failed: no report with id "weekly-qo"; did you mean "weekly-qoe"/,
    );
  });

  it('throws when the secret is missing or Mux refuses the credentials; nothing is sent', async () => {
    const daily = { scheduledTime: event.scheduledTime };
    await expect(handler({ ...daily, reportId: 'no-secret' })).rejects.toThrow(
      /no-secret \d{4}-\d{2}-\d{2} failed: SecretError: secret mux-qoe-reports\/nosecret does not exist/,
    );
    await expect(handler({ ...daily, reportId: 'wrong-creds' })).rejects.toThrow(
      /wrong-creds .* failed: ReportError: core scorecard unavailable.*401/,
    );
    expect(await world.aws.sesStore()).toHaveLength(1);
  });
});
