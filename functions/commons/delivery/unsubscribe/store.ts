/**
 * Who unsubscribed from what: a DynamoDB table (infra/constructs/customer-mail.ts), one item per (list, address).
 * (Its `#suppressed` partition, the addresses no report mails, is suppressions.ts.)
 *
 *   list     (partition key)  the report id, plus `#segment=<value>` (percent-encoded) for a fan-out segment
 *   address  (sort key)       the address, lower-cased (addresses are compared case-insensitively everywhere)
 *   at, source                when, and how (`one-click` from the link, `cli` from `npm run subscribers`)
 *
 * A run reads its list with one Query (its segment's unsubscribes, not the whole table), so the cost does not grow
 * with the other customers. Items never expire: an unsubscribe holds until the address is re-added with the CLI.
 */
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ListTable } from './list-table.js';
import { listKey, normaliseAddress, UNSUBSCRIBE_KEYS } from './table.js';
import type { Subscription } from './token.js';

export { listKey, normaliseAddress, UNSUBSCRIBE_KEYS };

const { partition: LIST, sort: ADDRESS } = UNSUBSCRIBE_KEYS;

export type UnsubscribeSource = 'one-click' | 'cli';

export interface Unsubscribed {
  address: string;
  at: string;
  source: UnsubscribeSource;
}

/** What the send path and the route need; the tests use the DynamoDB one against dynalite. */
export interface UnsubscribeStore {
  /** Lower-cased addresses unsubscribed from this report (and segment). */
  unsubscribed(reportId: string, segment: string | null): Promise<Unsubscribed[]>;
  unsubscribe(subscription: Subscription, source: UnsubscribeSource, at: Date): Promise<void>;
  /** True when the address was unsubscribed (and now is not). */
  resubscribe(subscription: Subscription): Promise<boolean>;
}

export class DynamoUnsubscribeStore extends ListTable implements UnsubscribeStore {
  async unsubscribed(reportId: string, segment: string | null): Promise<Unsubscribed[]> {
    const out: Unsubscribed[] = [];
    for (const item of await this.partition(listKey(reportId, segment))) {
      const address = item[ADDRESS]?.S;
      if (!address) continue;
      const source = item['source']?.S === 'cli' ? 'cli' : 'one-click';
      out.push({ address, at: item['at']?.S ?? '', source });
    }
    return out;
  }

  async unsubscribe(subscription: Subscription, source: UnsubscribeSource, at: Date): Promise<void> {
    // A repeated unsubscribe (the client retries, the person clicks twice) overwrites the item: still unsubscribed.
    await this.ddb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [LIST]: { S: listKey(subscription.reportId, subscription.segment) },
          [ADDRESS]: { S: normaliseAddress(subscription.address) },
          at: { S: at.toISOString() },
          source: { S: source },
        },
      }),
    );
  }

  async resubscribe(subscription: Subscription): Promise<boolean> {
    const res = await this.ddb.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: {
          [LIST]: { S: listKey(subscription.reportId, subscription.segment) },
          [ADDRESS]: { S: normaliseAddress(subscription.address) },
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return res.Attributes !== undefined;
  }
}
