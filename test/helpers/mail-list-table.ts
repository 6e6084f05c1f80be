/**
 * The stack's unsubscribe table (infra/constructs/customer-mail.ts: unsubscribes and `#suppressed` addresses),
 * created in the local DynamoDB (dynalite) with the same keys.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../functions/commons/aws/clients.js';
import { UNSUBSCRIBE_KEYS } from '../../functions/commons/delivery/unsubscribe/table.js';

/** A client for the local DynamoDB at `endpoint` (dynalite accepts any credentials). */
export function localDynamoDb(endpoint: string): DynamoDBClient {
  return createDynamoDbClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

export async function createMailListTable(endpoint: string, tableName: string): Promise<void> {
  const client = localDynamoDb(endpoint);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: UNSUBSCRIBE_KEYS.partition, AttributeType: 'S' },
          { AttributeName: UNSUBSCRIBE_KEYS.sort, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: UNSUBSCRIBE_KEYS.partition, KeyType: 'HASH' },
          { AttributeName: UNSUBSCRIBE_KEYS.sort, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } finally {
    client.destroy();
  }
}
