/**
 * Daily archive of Mux raw view exports: EventBridge Scheduler invokes this asynchronously with
 * `{ "environment": "prod", "scheduledTime": "<aws.scheduler.scheduled-time>" }`, one schedule per
 * environment with `archiveExports: true`. The work is in `commons/exports/archive.ts`.
 *
 * Outcome contract: `archived`, `up-to-date` and `not-available` (plan without exports) are successes;
 * a file that could not be archived makes the invocation THROW after the other files were tried
 * (Lambda's async retries then fetch only what is missing, and the on-failure destination records it).
 *
 * Every invocation needs all of it (settings, Secrets Manager, Mux, S3), so nothing is lazy-loaded and that work
 * is done at init, which Lambda runs once per container on a boosted CPU: the bundle is one `index.mjs` (no
 * chunks), the settings are validated and the S3 upload and Secrets Manager clients created on import.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { secretsManagerClient } from '../commons/aws/clients.js';
import { type ArchiveExportsResult, archiveExports } from '../commons/exports/archive.js';
import { createUploadS3Client } from '../commons/exports/s3-upload.js';
import { appendLogKeys, describeError, type LambdaContext, logger, metrics } from '../commons/observability/index.js';
import { type Invocation, parseSchedulerEvent, runInvocation } from '../commons/observability/invocation.js';
import { timed } from '../commons/observability/phases.js';
import { secretsManagerCredentials } from '../commons/pipeline/credentials.js';
import { createMuxClient } from '../commons/pipeline/mux-client.js';
import { getSettings, preloadSettings } from '../commons/settings/index.js';
import { muxOptionsFrom } from '../commons/settings/runtime.js';

export const archiveEventSchema = z
  .object({
    environment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an environment name'),
    scheduledTime: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone' }),
  })
  .strict();
export type ArchiveEvent = z.infer<typeof archiveEventSchema>;

/** A definitive failure; `result` is set when files were tried (which ones failed, which were archived). */
export class ArchiveExportsError extends Error {
  override readonly name = 'ArchiveExportsError';
  constructor(
    message: string,
    readonly result?: ArchiveExportsResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function parseArchiveEvent(event: unknown): ArchiveEvent {
  return parseSchedulerEvent(archiveEventSchema, event, (message) => new ArchiveExportsError(message));
}

await timed('config', preloadSettings);
const s3 = createUploadS3Client();
secretsManagerClient();

export function handler(event: unknown, context?: LambdaContext): Promise<ArchiveExportsResult> {
  return runInvocation(context, { trigger: 'schedule' }, (invocation) => run(event, invocation));
}

async function run(event: unknown, { mux }: Invocation): Promise<ArchiveExportsResult> {
  let environmentName: string | undefined;
  try {
    const parsed = parseArchiveEvent(event);
    environmentName = parsed.environment;
    appendLogKeys({ environment: environmentName, scheduledTime: parsed.scheduledTime });
    metrics.addMetadata('environment', environmentName);

    const settings = await getSettings();
    const environment = settings.config.environments.find((e) => e.name === environmentName);
    if (!environment) {
      const known = settings.config.environments.map((e) => e.name).join(', ') || '(none)';
      throw new ArchiveExportsError(`unknown environment "${environmentName}" (configured: ${known})`);
    }
    if (!environment.archiveExports) {
      throw new ArchiveExportsError(
        `environment "${environmentName}" does not have archiveExports: true in the configuration`,
      );
    }

    const client = await createMuxClient(environment, secretsManagerCredentials, {
      ...muxOptionsFrom(settings),
      onMuxEvent: mux.onEvent,
    });
    let result: ArchiveExportsResult;
    try {
      result = await archiveExports({
        environment: environment.name,
        client,
        s3,
        bucket: settings.snapshotBucket,
        logger,
      });
    } finally {
      await client.close();
    }

    metrics.addMetric('ExportsArchived', MetricUnit.Count, result.archived.length);
    metrics.addMetric('ExportsSkipped', MetricUnit.Count, result.skipped);
    metrics.addMetric('ExportsFailed', MetricUnit.Count, result.failed.length);
    metrics.addMetric(
      'ExportBytes',
      MetricUnit.Bytes,
      result.files.reduce((n, f) => n + f.bytes, 0),
    );
    logger.info('archive of raw exports finished', {
      status: result.status,
      archived: result.archived,
      skipped: result.skipped,
      failed: result.failed,
    });
    if (result.status === 'failed') {
      const list = result.failed.map((f) => `${f.key ?? f.file} (${f.reason})`).join('; ');
      throw new ArchiveExportsError(
        `archive of raw exports for "${environment.name}": ${result.failed.length} file(s) failed: ${list}`,
        result,
      );
    }
    return result;
  } catch (error) {
    logger.error('archive of raw exports failed', { error, environment: environmentName });
    if (error instanceof ArchiveExportsError) throw error;
    throw new ArchiveExportsError(
      `archive of raw exports for "${environmentName ?? '(unknown)'}" failed: ${describeError(error)}`,
      undefined,
      { cause: error },
    );
  }
}
