/**
 * The report queue (issue 16): EventBridge Scheduler → this SQS FIFO queue → the scheduled-report function.
 *
 * The Mux budget is per environment (5 req/s) but each Lambda invocation has its own token bucket, so N reports of
 * one environment due at the same minute would send N × 5 req/s. FIFO delivers at most one in-flight message per
 * message group, and the group is the report's Mux environment: its reports run one after another at the whole
 * budget, while environments run in parallel (Lambda scales with the number of active groups).
 *
 * - Deduplication: Scheduler messages are deduplicated on their content (report id + scheduled time, i.e. report
 *   + period) for SQS's 5-minute window; a fan-out's segment messages carry report + period + segment as their
 *   id (functions/scheduled-report/queue.ts). Exactly-once email is still the idempotency table's job.
 * - Visibility timeout: 6 × the function timeout, as AWS recommends for SQS event sources (a message is not
 *   handed out again while a slow run, plus Lambda's own throttling retries, may still hold it).
 * - Dead letters: after MAX_RECEIVES receives the message moves to a FIFO dead-letter queue (an alarm watches its
 *   depth, and another the age of the oldest message of the main queue: a stuck environment shows there first).
 * - Encrypted with SQS-managed keys (SSE-SQS: Scheduler and Lambda need no KMS grants), TLS-only.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives before a message is dead-lettered: a transient Mux or AWS failure gets two more tries. */
export const MAX_RECEIVES = 3;
/** AWS: "set the source queue's visibility timeout to at least six times the timeout of your function". */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/**
 * The oldest message older than this means an environment's group is stuck or far behind: 200 segments of one
 * environment take ~15 min at 5 req/s (~19 calls each), so 1 hour is late by any plan.
 */
export const MAX_MESSAGE_AGE = Duration.hours(1);

export interface ReportQueueProps {
  /** The consumer (scheduled-report); its timeout sets the visibility timeout. */
  readonly consumer: IFunction;
  readonly consumerTimeout: Duration;
}

export class ReportQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ReportQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue IS the report queue’s dead-letter queue; a DLQ of a DLQ would only move the same messages.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'Dead-letter queue: an operator inspects and redrives it (SQS StartMessageMoveTask) by hand.',
    });

    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      contentBasedDeduplication: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      // A message older than this is a report nobody wants any more (Scheduler's own max event age is 6 h).
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    props.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        // One report per invocation: its 5-minute timeout and its Mux budget are its own.
        batchSize: 1,
        reportBatchItemFailures: true,
      }),
    );
    Validations.of(props.consumer).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event source mappings take no on-failure destination: a failed message stays in the queue and moves to ' +
        `its FIFO dead-letter queue after ${MAX_RECEIVES} receives (redrive policy), which an alarm watches.`,
    });
  }
}
