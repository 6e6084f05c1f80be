/**
 * Addresses no report may mail again: a hard bounce (the mailbox does not exist) or a complaint (its owner marked a
 * report as spam). Recorded by the mail-events function from SES's own events (mail-events.ts), in the
 * unsubscribe table's `#suppressed` partition (table.ts), one item per address:
 *
 *   list = `#suppressed`, address (lower-cased), at, source (`bounce` | `complaint`), detail (SES's bounce type /
 *   sub-type or feedback type), report (the report id the message carried as an SES tag, when it did)
 *
 * Why ours as well as SES's account-level suppression list (docs/unsubscribe.md): SES drops a suppressed address
 * silently at send time, so our records said "sent" and nobody could see why a customer stopped getting its report.
 * With this list every run skips those addresses up front and says how many (`suppressedSkipped`), they cost no
 * send quota, `npm run subscribers -- --suppressed --list` shows who and why, and the behaviour is testable
 * without SES. The suppression is account-wide, like SES's: it applies to every report and segment.
 *
 * A run reads only the addresses it is about to mail (BatchGetItem, 100 keys a call), so the cost grows with its
 * recipients, not with the number of suppressed addresses.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  DeleteItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type ListItem, ListTable } from './list-table.js';
import { normaliseAddress, SUPPRESSED_LIST, UNSUBSCRIBE_KEYS } from './table.js';

const { partition: LIST, sort: ADDRESS } = UNSUBSCRIBE_KEYS;

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_MAX = 100;
/** Unprocessed keys (throttling) are asked again this many times, with backoff, before the run fails. */
const MAX_UNPROCESSED_ROUNDS = 5;

export type SuppressionSource = 'bounce' | 'complaint';

export interface Suppression {
  /** Lower-cased. */
  address: string;
  /** ISO time of the event (when SES saw the bounce or complaint). */
  at: string;
  source: SuppressionSource;
  /** SES's classification, e.g. `Permanent/General`, `abuse`. */
  detail: string;
  /** The report whose message bounced or was complained about, when the message said (SES tag `report`). */
  reportId: string | null;
}

/** What the send path (deliver.ts), the mail-events function and `npm run subscribers` need. */
export interface SuppressionList {
  /** The suppressions among `addresses` (compared case-insensitively), in no particular order. */
  suppressed(addresses: readonly string[]): Promise<Suppression[]>;
  suppress(suppression: Suppression): Promise<void>;
  /** Every suppressed address (the CLI's listing). */
  all(): Promise<Suppression[]>;
  /** True when the address was suppressed (and now is not). */
  remove(address: string): Promise<boolean>;
}

function fromItem(item: ListItem): Suppression | null {
  const address = item[ADDRESS]?.S;
  if (!address) return null;
  return {
    address,
    at: item['at']?.S ?? '',
    source: item['source']?.S === 'complaint' ? 'complaint' : 'bounce',
    detail: item['detail']?.S ?? '',
    reportId: item['report']?.S ?? null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DynamoSuppressionList extends ListTable implements SuppressionList {
  #key(address: string) {
    return { [LIST]: { S: SUPPRESSED_LIST }, [ADDRESS]: { S: normaliseAddress(address) } };
  }

  async suppressed(addresses: readonly string[]): Promise<Suppression[]> {
    const unique = [...new Set(addresses.map(normaliseAddress))];
    const out: Suppression[] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let keys: BatchGetItemCommandOutput['UnprocessedKeys'] = {
        [this.tableName]: { Keys: unique.slice(i, i + BATCH_GET_MAX).map((a) => this.#key(a)), ConsistentRead: true },
      };
      for (let round = 0; keys && Object.keys(keys).length > 0; round++) {
        if (round > MAX_UNPROCESSED_ROUNDS) {
          throw new Error(`DynamoDB left suppression keys unprocessed after ${MAX_UNPROCESSED_ROUNDS} retries`);
        }
        if (round > 0) await sleep(50 * 2 ** round);
        const res: BatchGetItemCommandOutput = await this.ddb.send(new BatchGetItemCommand({ RequestItems: keys }));
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const s = fromItem(item);
          if (s) out.push(s);
        }
        keys = res.UnprocessedKeys;
      }
    }
    return out;
  }

  async suppress(s: Suppression): Promise<void> {
    // A repeated event (SES or SQS delivers at least once) overwrites the item: still suppressed.
    await this.ddb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...this.#key(s.address),
          at: { S: s.at },
          source: { S: s.source },
          detail: { S: s.detail },
          ...(s.reportId ? { report: { S: s.reportId } } : {}),
        },
      }),
    );
  }

  async all(): Promise<Suppression[]> {
    return (await this.partition(SUPPRESSED_LIST)).flatMap((item) => fromItem(item) ?? []);
  }

  async remove(address: string): Promise<boolean> {
    const res = await this.ddb.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: this.#key(address), ReturnValues: 'ALL_OLD' }),
    );
    return res.Attributes !== undefined;
  }
}
