/**
 * A local SQS for the queue tests: fauxqs 1.9.2 (npm; 2.x needs Node ≥ 22.5, this machine runs 20) embedded with
 * `buildApp` and bound to 127.0.0.1 (its `startFauxqs` binds 0.0.0.0). It implements FIFO queues as SQS does for
 * what we rely on: message groups with one in-flight message per group, content-based and explicit deduplication,
 * visibility timeouts and redrive to a dead-letter queue after `maxReceiveCount` (checked by the tests, not assumed).
 *
 * `pollOnce` stands in for Lambda's event source mapping (no npm emulator runs one): one ReceiveMessage, each
 * message handed to the handler as its own batch of one (batch size 1) with the record fields Lambda sends, groups
 * concurrently (as Lambda scales per active group), then DeleteMessage for every record not in
 * `batchItemFailures`; a failed record is left for its visibility timeout, as the mapping does.
 */
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';

export interface SqsEmulator {
  endpoint: string;
  client: SQSClient;
  createFifoQueue(name: string, options: { visibilityTimeoutS: number; maxReceiveCount: number }): Promise<FifoQueue>;
  /** A standard queue with a dead-letter queue (the mail-events queue). */
  createQueue(name: string, options: { visibilityTimeoutS: number; maxReceiveCount: number }): Promise<QueueWithDlq>;
  close(): Promise<void>;
}

export interface QueueWithDlq {
  url: string;
  dlqUrl: string;
}
export type FifoQueue = QueueWithDlq;

export async function startSqsEmulator(): Promise<SqsEmulator> {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    useQueueUrlAsEndpoint: false,
  });
  return {
    endpoint,
    client,
    createFifoQueue: (name, options) => createWithDlq(client, name, options, true),
    createQueue: (name, options) => createWithDlq(client, name, options, false),
    async close() {
      client.destroy();
      await app.close();
    },
  };
}

async function createWithDlq(
  client: SQSClient,
  name: string,
  options: { visibilityTimeoutS: number; maxReceiveCount: number },
  fifo: boolean,
): Promise<QueueWithDlq> {
  const suffix = fifo ? '.fifo' : '';
  const fifoAttributes = fifo ? { FifoQueue: 'true' } : {};
  const dlq = await client.send(
    new CreateQueueCommand({ QueueName: `${name}-dlq${suffix}`, Attributes: { ...fifoAttributes } }),
  );
  const dlqArn = (
    await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}${suffix}`,
      Attributes: {
        ...fifoAttributes,
        ...(fifo ? { ContentBasedDeduplication: 'true' } : {}),
        VisibilityTimeout: String(options.visibilityTimeoutS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount }),
      },
    }),
  );
  return { url: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

/** The SQS event Lambda's event source mapping builds for one message. */
export function sqsEventOf(message: Message, queueArn: string): { Records: Record<string, unknown>[] } {
  return sqsBatchEventOf([message], queueArn);
}

/** The SQS event of a batch of messages (batch size > 1, as the mail-events mapping uses). */
export function sqsBatchEventOf(messages: Message[], queueArn: string): { Records: Record<string, unknown>[] } {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body,
      attributes: message.Attributes ?? {},
      messageAttributes: {},
      md5OfBody: message.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

export interface Delivery {
  message: Message;
  group: string;
  result: unknown;
  failed: boolean;
}

/** One receive, then each message through `handler` (batch of one) and deleted unless reported failed. */
export async function pollOnce(
  client: SQSClient,
  queueUrl: string,
  handler: (event: { Records: Record<string, unknown>[] }) => Promise<unknown>,
): Promise<Delivery[]> {
  const received = await client.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
  );
  return Promise.all(
    (received.Messages ?? []).map(async (message) => {
      const result = (await handler(sqsEventOf(message, 'arn:aws:sqs:us-east-1:000000000000:test'))) as {
        batchItemFailures?: { itemIdentifier: string }[];
      };
      const failed = (result.batchItemFailures ?? []).some((f) => f.itemIdentifier === message.MessageId);
      if (!failed)
        await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      return { message, group: message.Attributes?.MessageGroupId ?? '', result, failed };
    }),
  );
}

/** All messages of a queue right now (for a dead-letter queue: nothing consumes it). */
export async function drain(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const out = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  return out.Messages ?? [];
}
