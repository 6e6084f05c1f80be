/**
 * An SQS queue that only ever receives failed events (Scheduler dead letters, Lambda async
 * on-failure records) so an operator can inspect and replay them. Encrypted, TLS-only, 14 days.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: failed report runs stay inspectable over a long weekend and then some.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue (target of EventBridge Scheduler DLQ / Lambda on-failure destination); ' +
        'a DLQ of a DLQ would only move the same failed events one hop further.',
    });
    Validations.of(this.queue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'Dead-letter queue: nothing consumes it automatically, so there is nothing to redrive from it.',
    });
  }
}
