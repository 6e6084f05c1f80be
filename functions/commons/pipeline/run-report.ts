/**
 * The whole scheduled job: generate (collect + render), then archive and send every channel exactly once.
 * Archive, `sendWhen` and send are in `deliverChannels`; this module only wires the parts together.
 */
import {
  type ChannelSetup,
  type ChannelsDeliveryResult,
  deliverChannels,
} from '../delivery/channels/deliver-channels.js';
import type { DeliveryLogger, IdempotencyOptions, LambdaContextLike } from '../delivery/deliver.js';
import type { EmailSender } from '../delivery/ses-sender.js';
import type { UnsubscribeSetup } from '../delivery/unsubscribe/per-address.js';
import type { SuppressionList } from '../delivery/unsubscribe/suppressions.js';
import { timed } from '../observability/phases.js';
import { archiveOf } from '../report/archive-reader.js';
import type { SnapshotStore } from '../report/snapshot-store.js';
import { snapshotKey } from '../report/snapshot-store.js';
import { storedSharedScorecards } from './fan-out-plan.js';
import { type GeneratedReport, type GenerateOptions, generateReport } from './generate.js';

export { secretsManagerCredentials } from './credentials.js';

export interface DeliverySetup {
  store: SnapshotStore;
  sender: EmailSender;
  /** `null` sends without an idempotency table (local CLI only). */
  idempotency: IdempotencyOptions | null;
  /** Slack/Teams/webhook: secrets and HTTP options (default: Secrets Manager). */
  channels?: ChannelSetup;
  /** The public unsubscribe route; customer-facing reports (audience "external") are refused without it. */
  unsubscribe?: UnsubscribeSetup;
  /** Bounced and complaining addresses, skipped by every report (none locally). */
  suppressions?: SuppressionList;
}

export interface RunReportOptions extends Omit<GenerateOptions, 'archiveLocationFor'> {
  delivery: DeliverySetup;
  /** Subset of the report's configured recipients; default all of them. */
  recipients?: string[];
  force?: boolean | string;
  lambdaContext?: LambdaContextLike;
  logger?: DeliveryLogger;
}

export interface RunReportResult {
  generated: GeneratedReport;
  delivery: ChannelsDeliveryResult;
}

export async function runReport(options: RunReportOptions): Promise<RunReportResult> {
  const { delivery: setup } = options;
  // A scorecard-tier segment reads the scorecards its fan-out run stored beside the snapshots (fan-out-plan.ts).
  const shared =
    options.tier === 'scorecard' && options.shared === undefined
      ? await timed('aws', () => storedSharedScorecards({ ...options, store: setup.store }))
      : options.shared;
  const generated = await generateReport({
    ...options,
    ...(shared !== undefined ? { shared } : {}),
    archiveLocationFor: (snapshot) => setup.store.locationOf(snapshotKey(snapshot)),
    // History reads the archive the store writes to, unless the caller gives one.
    archive: options.archive !== undefined ? options.archive : archiveOf(setup.store),
  });
  // S3, DynamoDB and SES time (observability/phases.ts).
  const delivery = await timed('aws', () =>
    deliverChannels({
      snapshot: generated.snapshot,
      email: generated.email,
      report: generated.report,
      ...(options.recipients ? { recipients: options.recipients } : {}),
      ...(options.force ? { force: options.force } : {}),
      store: setup.store,
      sender: setup.sender,
      idempotency: setup.idempotency,
      ...(setup.channels ? { channelSetup: setup.channels } : {}),
      ...(setup.unsubscribe ? { unsubscribe: setup.unsubscribe } : {}),
      ...(setup.suppressions ? { suppressions: setup.suppressions } : {}),
      ...(options.lambdaContext ? { lambdaContext: options.lambdaContext } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    }),
  );
  return { generated, delivery };
}
