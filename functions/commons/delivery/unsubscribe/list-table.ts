/**
 * The unsubscribe table seen from code (table.ts has its layout): the client it is reached with, and a whole
 * partition read page by page. The unsubscribe store (a report's list) and the suppression list (`#suppressed`)
 * both build on it.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../aws/clients.js';
import { UNSUBSCRIBE_KEYS } from './table.js';

export type ListItem = Record<string, AttributeValue>;

export abstract class ListTable {
  protected readonly tableName: string;
  readonly #client: DynamoDBClient | undefined;

  constructor(options: { tableName: string; client?: DynamoDBClient }) {
    this.tableName = options.tableName;
    this.#client = options.client;
  }

  /** The given client (tests), else the process-wide one (warm reuse). */
  protected get ddb(): DynamoDBClient {
    return this.#client ?? dynamoDbClient();
  }

  /** Every item of one partition (strongly consistent: a write a moment ago counts). */
  protected async partition(list: string): Promise<ListItem[]> {
    const out: ListItem[] = [];
    let start: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#l = :l',
          ExpressionAttributeNames: { '#l': UNSUBSCRIBE_KEYS.partition },
          ExpressionAttributeValues: { ':l': { S: list } },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
