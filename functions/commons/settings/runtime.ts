/**
 * Settings → the light objects every handler needs (the snapshot store, Mux client options). The delivery side
 * (SES, nodemailer, DynamoDB lists) is ./delivery-setup.ts, so a handler that sends nothing (archive-exports, the
 * snapshot and live routes) does not bundle it. Clients are the process-wide ones (warm reuse).
 */

import type { GenerateOptions } from '../pipeline/generate.js';
import { S3SnapshotStore } from '../report/snapshot-store-s3.js';
import type { Settings } from './index.js';

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
