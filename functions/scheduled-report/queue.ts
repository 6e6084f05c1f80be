/**
 * The scheduled-report function's queue side (issue 16). EventBridge Scheduler no longer invokes the function: it
 * sends `{ reportId, scheduledTime }` to an SQS FIFO queue whose message group is the report's Mux environment
 * (infra/constructs/report-queue.ts), and the function consumes it through an event source mapping with batch size
 * 1 and partial batch responses. FIFO delivers one message per group at a time, so the reports of one environment
 * run one after another, each at the environment's whole 5 req/s; environments run in parallel.
 *
 * - `handleQueueEvent`: Powertools batch processing (`SqsFifoPartialProcessorAsync`): each record's body is parsed
 *   and run; a failed record is returned in `batchItemFailures` (so it is received again after the visibility
 *   timeout, then dead-lettered after `maxReceiveCount`), and the FIFO processor fails the records after it
 *   (with batch size 1 there are none), which keeps a group's order.
 * - `fanOutToQueue`: a fan-out report's message (no `segment`) is expanded into one message per segment, sent to
 *   the same queue in the same group, each deduplicated by report + period + segment; a scorecard-tier segment's
 *   message says `tier: "scorecard"` (it reads the run's shared scorecards, pipeline/fan-out-plan.ts, and makes no
 *   Mux call of its own, but stays in the group: its fallback to filtered calls must not race the others).
 * Exactly-once email is not this module's job: the idempotency records (delivery/deliver.ts) still decide.
 */
import { createHash } from 'node:crypto';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { BatchResponse, SqsEvent, SqsRecord } from '../commons/aws/sqs-event.js';
import type { LambdaContext } from '../commons/observability/index.js';
import { QUEUE_URL_ENV } from './queue-env.js';

export { QUEUE_URL_ENV };

/** SendMessageBatch takes at most 10 entries. */
const SQS_BATCH = 10;

export type { BatchResponse, SqsEvent, SqsRecord } from '../commons/aws/sqs-event.js';
export { isSqsEvent } from '../commons/aws/sqs-event.js';

/** The record's body as JSON; `fail` builds the handler's error (the body is ours, so bad JSON is a wrong event). */
export function recordBody(record: SqsRecord, fail: (message: string) => Error): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    throw fail(`invalid event: SQS message ${record.messageId} body is not JSON`);
  }
}

/**
 * Runs `runOne` for each record (one, with batch size 1) and answers with the records that failed. Errors are
 * logged and counted by `runOne` itself; they are not rethrown (`throwOnFullBatchFailure: false`), so a failed
 * report is redelivered by SQS from `batchItemFailures` rather than by a function error.
 */
export function handleQueueEvent(
  event: SqsEvent,
  context: LambdaContext | undefined,
  runOne: (record: SqsRecord) => Promise<unknown>,
): Promise<BatchResponse> {
  return processPartialResponse(event, (record: SqsRecord) => runOne(record), new SqsFifoPartialProcessorAsync(), {
    ...(context ? { context: context as never } : {}),
    throwOnFullBatchFailure: false,
  });
}

export interface SegmentMessage {
  reportId: string;
  scheduledTime: string;
  segment: string;
  /** Only for the scorecard tier (config/fan-out.ts `fullReports`); absent = the full report, as before. */
  tier?: 'scorecard';
}

/**
 * FIFO deduplication id of a segment's message: report + period + segment (SQS allows 128 characters of
 * `[A-Za-z0-9!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~]`, so the free-text segment is hashed).
 */
export function deduplicationId(reportId: string, periodKey: string, segment: string): string {
  const hash = createHash('sha256').update(segment).digest('hex').slice(0, 32);
  return `${reportId}#${periodKey}#${hash}`.slice(0, 128);
}

let sqs: SQSClient | undefined;

function queueUrl(): string {
  const parsed = z.url().safeParse(process.env[QUEUE_URL_ENV]);
  if (!parsed.success) throw new Error(`${QUEUE_URL_ENV} must be the report queue's URL (set by the stack)`);
  return parsed.data;
}

/**
 * Sends one message per segment, in the report's environment group. Returns the number sent; throws when SQS
 * refuses any entry: the fan-out message is then redelivered after the visibility timeout (30 min), by when SQS's
 * 5-minute deduplication window has passed, so segments already queued may be queued again; their second run finds
 * its idempotency record and sends nothing (it costs Mux calls, not emails).
 */
export async function fanOutToQueue(input: {
  reportId: string;
  environment: string;
  periodKey: string;
  scheduledTime: string;
  segments: readonly { value: string; tier: 'full' | 'scorecard' }[];
}): Promise<number> {
  // Requests go to the configured endpoint (the region's, or AWS_ENDPOINT_URL_SQS), never to the host of a URL
  // read from the environment: the SDK's default would send them wherever the queue URL points.
  sqs ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  const url = queueUrl();
  for (let i = 0; i < input.segments.length; i += SQS_BATCH) {
    const chunk = input.segments.slice(i, i + SQS_BATCH);
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: chunk.map((segment, j) => ({
          Id: String(i + j),
          MessageBody: JSON.stringify({
            reportId: input.reportId,
            scheduledTime: input.scheduledTime,
            segment: segment.value,
            ...(segment.tier === 'scorecard' ? { tier: 'scorecard' as const } : {}),
          } satisfies SegmentMessage),
          MessageGroupId: input.environment,
          MessageDeduplicationId: deduplicationId(input.reportId, input.periodKey, segment.value),
        })),
      }),
    );
    const failed = out.Failed ?? [];
    if (failed.length > 0) {
      throw new Error(
        `SQS refused ${failed.length} fan-out message(s) of ${input.reportId}: ${failed[0]?.Code} ${failed[0]?.Message ?? ''}`,
      );
    }
  }
  return input.segments.length;
}
