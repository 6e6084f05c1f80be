/**
 * Settings → the objects the pipeline needs (store, sender, idempotency, Mux client options). Shared by
 * both handlers so they wire AWS the same way. Clients are the process-wide ones (warm reuse).
 */

import { secretsManagerChannelSecrets } from '../delivery/channels/secrets.js';
import { SesSender } from '../delivery/ses-sender.js';
import type { UnsubscribeSetup } from '../delivery/unsubscribe/per-address.js';
import { DynamoUnsubscribeStore } from '../delivery/unsubscribe/store.js';
import { DynamoSuppressionList } from '../delivery/unsubscribe/suppressions.js';
import type { GenerateOptions } from '../pipeline/generate.js';
import type { DeliverySetup } from '../pipeline/run-report.js';
import { S3SnapshotStore } from '../report/snapshot-store-s3.js';
import type { Settings, UnsubscribeSettings } from './index.js';

export function deliverySetupFrom(settings: Settings): DeliverySetup {
  return {
    store: new S3SnapshotStore({ bucket: settings.snapshotBucket }),
    sender: new SesSender(settings.sesConfigurationSet ? { configurationSetName: settings.sesConfigurationSet } : {}),
    idempotency: { tableName: settings.idempotencyTable },
    ...(settings.unsubscribe ? { unsubscribe: unsubscribeSetupFrom(settings.unsubscribe) } : {}),
    ...(settings.suppressionTable
      ? { suppressions: new DynamoSuppressionList({ tableName: settings.suppressionTable }) }
      : {}),
  };
}

/** The links' base URL, the HMAC key (Secrets Manager, cached per warm container) and the DynamoDB list. */
export function unsubscribeSetupFrom(settings: UnsubscribeSettings): UnsubscribeSetup {
  const secrets = secretsManagerChannelSecrets();
  return {
    baseUrl: settings.url,
    signingKey: () => secrets(settings.keySecret),
    store: new DynamoUnsubscribeStore({ tableName: settings.table }),
  };
}

export function snapshotStoreFrom(settings: Settings): S3SnapshotStore {
  return new S3SnapshotStore({ bucket: settings.snapshotBucket });
}

/** Base URL and client tuning for `generateReport` / `createMuxClient`. */
export function muxOptionsFrom(settings: Settings): Pick<GenerateOptions, 'baseUrl' | 'clientOptions'> {
  return {
    ...(settings.muxBaseUrl ? { baseUrl: settings.muxBaseUrl } : {}),
    ...(Object.keys(settings.muxClient).length > 0 ? { clientOptions: settings.muxClient } : {}),
  };
}
