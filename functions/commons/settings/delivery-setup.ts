/**
 * Settings → what a report's delivery needs: the snapshot store, the SES sender (with the configuration set),
 * the idempotency table, the unsubscribe route and the suppression list. Shared by scheduled-report and the
 * on-demand report routes so they send the same way; its own module so handlers that send nothing do not bundle
 * SES and nodemailer (./runtime.ts has the light half).
 */
import { secretsManagerChannelSecrets } from '../delivery/channels/secrets.js';
import { SesSender } from '../delivery/ses-sender.js';
import type { UnsubscribeSetup } from '../delivery/unsubscribe/per-address.js';
import { DynamoUnsubscribeStore } from '../delivery/unsubscribe/store.js';
import { DynamoSuppressionList } from '../delivery/unsubscribe/suppressions.js';
import type { DeliverySetup } from '../pipeline/run-report.js';
import type { Settings, UnsubscribeSettings } from './index.js';
import { snapshotStoreFrom } from './runtime.js';

export function deliverySetupFrom(settings: Settings): DeliverySetup {
  return {
    store: snapshotStoreFrom(settings),
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
