/**
 * Scheduled report: EventBridge Scheduler sends
 * `{ "reportId": "weekly-qoe", "scheduledTime": "<aws.scheduler.scheduled-time>" }` to the report queue (SQS FIFO,
 * one message group per Mux environment), which invokes this with batches of one (./queue.ts); the same event
 * invoked directly still works. A fan-out report's message is expanded into one message per segment (`segment`).
 *
 * The period comes from `scheduledTime`, never from "now", so Lambda's async retries (or a replay
 * from the dead-letter queue hours later) report on the same period and hit the same idempotency keys:
 * a duplicate invocation does not send a second email.
 *
 * Outcome contract: a definitive failure THROWS (Lambda retries, then the on-failure destination
 * records it); `sent`, `already-sent` and `in-progress` (another invocation is sending) are successes.
 *
 * Every invocation needs all of it (settings, config, Secrets Manager, Mux, the renderer, S3, DynamoDB, SES), so
 * nothing is lazy-loaded and that work is done at init, which Lambda runs once per container on a boosted CPU:
 * the bundle is one `index.mjs` (no chunks), the settings are validated and the AWS clients created on import.
 */

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { warmAwsClients } from '../commons/aws/clients.js';
import { ConfigError } from '../commons/config/errors.js';
import { findReport } from '../commons/config/lookup.js';
import {
  appendLogKeys,
  deliveryLogger,
  describeError,
  type LambdaContext,
  logger,
  metrics,
  recordFanOutSelection,
  recordGenerated,
  recordSent,
} from '../commons/observability/index.js';
import { parseSchedulerEvent, runInvocation } from '../commons/observability/invocation.js';
import { timed } from '../commons/observability/phases.js';
import { planFanOut } from '../commons/pipeline/fan-out-plan.js';
import { resolvePeriod } from '../commons/pipeline/generate.js';
import { runReport, secretsManagerCredentials } from '../commons/pipeline/run-report.js';
import { deliverySetupFrom } from '../commons/settings/delivery-setup.js';
import { getSettings, preloadSettings } from '../commons/settings/index.js';
import { muxOptionsFrom, snapshotStoreFrom } from '../commons/settings/runtime.js';
import { type BatchResponse, fanOutToQueue, handleQueueEvent, isSqsEvent, recordBody, type SqsEvent } from './queue.js';

await timed('config', preloadSettings);
warmAwsClients();

/** How far in the future a scheduled time may be (clock skew); more means a wrong event. */
const MAX_FUTURE_SKEW_MS = 15 * 60_000;

export const scheduledEventSchema = z
  .object({
    reportId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a report id (lower-case letters, digits, dashes)'),
    scheduledTime: z.iso.datetime({
      offset: true,
      message: 'must be an ISO 8601 date-time with a zone, e.g. 2026-11-23T07:00:00Z',
    }),
    /** One value of a fan-out report (config/fan-out.ts); absent = the whole report, or its fan-out. */
    segment: z.string().min(1).max(200).optional(),
    /** A segment's tier: `scorecard` reads the fan-out run's shared scorecards (pipeline/fan-out-plan.ts). */
    tier: z.enum(['full', 'scorecard']).optional(),
  })
  .strict();
export type ScheduledEvent = z.infer<typeof scheduledEventSchema>;

export interface ScheduledReportSummary {
  /** `skipped`: archived, not sent (`sendWhen`); `fanned-out`: one message per segment queued instead. */
  status: 'sent' | 'already-sent' | 'in-progress' | 'skipped' | 'fanned-out';
  reportId: string;
  segment?: string;
  /** `fanned-out`: how many segment messages were queued. */
  segments?: number;
  periodKey: string;
  snapshotKey: string;
  messageIds: string[];
}

/** A definitive failure; the message says which report and period, and why. */
export class ScheduledReportError extends Error {
  override readonly name = 'ScheduledReportError';
}

/** Validates the event; the error names the offending field. */
export function parseScheduledEvent(event: unknown): ScheduledEvent {
  return parseSchedulerEvent(scheduledEventSchema, event, (message) => new ScheduledReportError(message));
}

export function handler(event: SqsEvent, context?: LambdaContext): Promise<BatchResponse>;
export function handler(event: unknown, context?: LambdaContext): Promise<ScheduledReportSummary>;
export function handler(event: unknown, context?: LambdaContext): Promise<BatchResponse | ScheduledReportSummary> {
  if (isSqsEvent(event)) {
    return handleQueueEvent(event, context, (record) =>
      runInvocation(context, { trigger: 'queue', messageId: record.messageId }, ({ mux }) =>
        run(
          recordBody(record, (m) => new ScheduledReportError(m)),
          context,
          mux.onEvent,
        ),
      ),
    );
  }
  return runInvocation(context, { trigger: 'schedule' }, ({ mux }) => run(event, context, mux.onEvent));
}

async function run(
  event: unknown,
  context: LambdaContext | undefined,
  onMuxEvent: Parameters<typeof runReport>[0]['onMuxEvent'],
): Promise<ScheduledReportSummary> {
  let reportId: string | undefined;
  let periodKey: string | undefined;
  try {
    const parsed = parseScheduledEvent(event);
    reportId = parsed.reportId;
    const scheduledTime = new Date(parsed.scheduledTime);
    appendLogKeys({ reportId, scheduledTime: scheduledTime.toISOString() });
    metrics.addMetadata('reportId', reportId);

    const now = new Date();
    if (scheduledTime.getTime() - now.getTime() > MAX_FUTURE_SKEW_MS) {
      throw new ScheduledReportError(
        `invalid event: scheduledTime ${parsed.scheduledTime} is in the future (now ${now.toISOString()})`,
      );
    }
    const settings = await getSettings();
    const report = findReport(settings.config, reportId);
    // Known before any Mux call, so even a collection failure is logged with its period.
    periodKey = resolvePeriod(report, { kind: 'scheduled', scheduledTime }, now).key;
    appendLogKeys({ periodKey, ...(parsed.segment ? { segment: parsed.segment } : {}) });
    if (report.fanOut && parsed.segment === undefined) {
      const plan = await planFanOut({
        config: settings.config,
        reportId,
        period: { kind: 'scheduled', scheduledTime },
        credentials: secretsManagerCredentials,
        now,
        store: snapshotStoreFrom(settings),
        ...muxOptionsFrom(settings),
        ...(onMuxEvent ? { onMuxEvent } : {}),
      });
      recordFanOutSelection(plan.selection);
      const queued = await fanOutToQueue({
        reportId,
        environment: report.environment,
        periodKey,
        scheduledTime: parsed.scheduledTime,
        segments: plan.segments,
      });
      logger.info('fan-out report queued one message per segment', {
        dimension: report.fanOut.dimension,
        queued,
        scorecards: plan.segments.filter((s) => s.tier === 'scorecard').length,
        shared: plan.shared,
      });
      return { status: 'fanned-out', reportId, periodKey, snapshotKey: '', messageIds: [], segments: queued };
    }
    logger.info('scheduled report started', { cadence: report.cadence, timeZone: report.timeZone });

    const { generated, delivery } = await runReport({
      config: settings.config,
      reportId,
      period: { kind: 'scheduled', scheduledTime },
      credentials: secretsManagerCredentials,
      now,
      ...(parsed.segment !== undefined ? { segment: parsed.segment } : {}),
      ...(parsed.tier !== undefined ? { tier: parsed.tier } : {}),
      ...muxOptionsFrom(settings),
      ...(onMuxEvent ? { onMuxEvent } : {}),
      delivery: deliverySetupFrom(settings),
      ...(context ? { lambdaContext: context } : {}),
      logger: deliveryLogger(),
    });
    recordGenerated(generated.snapshot);
    recordSent(delivery.status === 'sent');

    const summary: ScheduledReportSummary = {
      status: delivery.status,
      reportId,
      ...(parsed.segment !== undefined ? { segment: parsed.segment } : {}),
      periodKey: generated.snapshot.period.key,
      snapshotKey: delivery.snapshotKey,
      messageIds: delivery.messageIds,
    };
    // Every address skipped (unsubscribed, bounced, complained) leaves no message and no record: not "already sent".
    const nobody = delivery.recipients.length === 0 && (delivery.suppressed ?? 0) + (delivery.unsubscribed ?? 0) > 0;
    logger.info(
      delivery.status === 'sent'
        ? 'scheduled report sent'
        : nobody
          ? 'scheduled report archived; every email recipient unsubscribed, bounced or complained: no email sent'
          : delivery.status === 'already-sent'
            ? 'scheduled report was already sent for this period: nothing to do'
            : delivery.status === 'skipped'
              ? `scheduled report archived, not sent: ${delivery.decision.reason}`
              : 'another invocation is sending this report: nothing to do',
      {
        status: summary.status,
        snapshotKey: summary.snapshotKey,
        messageIds: summary.messageIds,
        channels: delivery.channels,
        recipientCount: delivery.batches.reduce((n, b) => n + b.recipientCount, 0),
        ...(delivery.suppressed !== undefined ? { suppressedSkipped: delivery.suppressed } : {}),
        ...(delivery.unsubscribed !== undefined ? { unsubscribedSkipped: delivery.unsubscribed } : {}),
        headline: generated.snapshot.headline.text,
        totalViews: generated.snapshot.headline.totalViews,
        sectionsUnavailable: Object.values(generated.snapshot.sections).filter((s) => s === 'unavailable').length,
      },
    );
    return summary;
  } catch (error) {
    metrics.addMetric('ReportsFailed', MetricUnit.Count, 1);
    // In full (stack, causes) in the log; the thrown message stays one readable line.
    logger.error('scheduled report failed', { error, reportId, periodKey });
    const where = [reportId, periodKey].filter(Boolean).join(' ');
    if (error instanceof ScheduledReportError) throw error;
    // A config lookup error is multi-line (one line per issue): keep the thrown message on one line.
    const reason = error instanceof ConfigError ? error.issues.map((i) => i.message).join('; ') : describeError(error);
    throw new ScheduledReportError(`scheduled report ${where || '(unknown)'} failed: ${reason}`, {
      cause: error,
    });
  }
}
