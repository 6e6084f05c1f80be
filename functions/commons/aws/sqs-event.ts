/**
 * The SQS event an event source mapping hands a function, as far as we read it, and the partial-batch answer it
 * expects back (`reportBatchItemFailures`). Shared by the functions that consume a queue (scheduled-report,
 * mail-events); the rest of a record (attributes, md5) is ignored.
 */
import * as z from 'zod';

const sqsRecordSchema = z.looseObject({
  messageId: z.string().min(1),
  body: z.string(),
  eventSource: z.literal('aws:sqs'),
});
const sqsEventSchema = z.looseObject({ Records: z.array(sqsRecordSchema).min(1) });
export type SqsRecord = z.infer<typeof sqsRecordSchema>;
export type SqsEvent = z.infer<typeof sqsEventSchema>;

/** True for an SQS event source mapping's event (`Records[].eventSource === "aws:sqs"`). */
export function isSqsEvent(event: unknown): event is SqsEvent {
  return sqsEventSchema.safeParse(event).success;
}

/** What an SQS event source mapping with `reportBatchItemFailures` expects back. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
