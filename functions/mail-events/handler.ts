/**
 * Bounces and complaints → the suppression list. SES publishes the BOUNCE and COMPLAINT events of the configuration
 * set every report message is sent with to EventBridge; a rule puts them on an SQS queue, which invokes this in
 * batches (infra/constructs/customer-mail.ts). Each message is one event; the work is
 * `delivery/unsubscribe/mail-events.ts`. A message that fails (not an SES event, DynamoDB down) is returned in
 * `batchItemFailures`: SQS delivers it again, then keeps it in the dead-letter queue (alarmed). The others of the
 * batch are done. See docs/unsubscribe.md.
 *
 * It loads no report configuration, no Mux client and no renderer; its role may only PutItem on the table.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { type BatchResponse, isSqsEvent, type SqsRecord } from '../commons/aws/sqs-event.js';
import { recordMailEvent } from '../commons/delivery/unsubscribe/mail-events.js';
import { DynamoSuppressionList } from '../commons/delivery/unsubscribe/suppressions.js';
import { describeError, type LambdaContext, logger } from '../commons/observability/index.js';
import { runInvocation } from '../commons/observability/invocation.js';
import { mailEventsSettings } from '../commons/settings/unsubscribe.js';

export function handler(event: unknown, context?: LambdaContext): Promise<BatchResponse> {
  return runInvocation(context, { trigger: 'sqs', route: 'mail-events' }, async () => {
    // Only its queue invokes it: anything else is a wiring mistake, failed loudly.
    if (!isSqsEvent(event)) throw new Error('mail-events: expected an SQS event (Records[].eventSource "aws:sqs")');
    const settings = mailEventsSettings(process.env);
    const list = new DynamoSuppressionList({ tableName: settings.table });
    const record = async (r: SqsRecord) => {
      try {
        const outcome = await recordMailEvent(r.body, { list, configurationSet: settings.configurationSet });
        // Counts only: never an address in the log (the table has them, behind IAM).
        logger.info('mail event recorded', { messageId: r.messageId, ...outcome });
      } catch (error) {
        logger.error('mail event not recorded; SQS will deliver it again', {
          messageId: r.messageId,
          error: describeError(error),
        });
        throw error;
      }
    };
    return processPartialResponse(event, record, new BatchProcessor(EventType.SQS), {
      ...(context ? { context: context as never } : {}),
      throwOnFullBatchFailure: false,
    });
  });
}
