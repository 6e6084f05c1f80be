/**
 * The main job, minus delivery: config → period → credentials → collect (Mux) → snapshot → render.
 * Shared by the scheduled handler, the on-demand handler and the local CLI so there is one code path.
 */

import { environmentOf, findReport } from '../config/load.js';
import type { Config, EnvironmentConfig, ReportConfig } from '../config/schema.js';
import { MuxClient, type MuxEvent, SharedLimiter } from '../mux/index.js';
import { type Period, parsePeriodSpec, previousPeriod, scheduledPeriod } from '../period/index.js';
import { type RenderedEmail, renderEmail } from '../render/index.js';
import { collectReport } from '../report/collect.js';
import type { Snapshot } from '../report/snapshot-schema.js';

export interface MuxCredentials {
  tokenId: string;
  tokenSecret: string;
}

/** Where credentials come from: Secrets Manager in AWS, env vars or the fake's defaults locally. */
export type CredentialsProvider = (environment: EnvironmentConfig) => Promise<MuxCredentials>;

/** How the period is chosen: from a schedule's time (never "now"), or from an on-demand spec. */
export type PeriodRequest =
  | { kind: 'scheduled'; scheduledTime: Date }
  | { kind: 'spec'; spec: string | null /* null = the last full period of the report's cadence */ };

export interface GenerateOptions {
  config: Config;
  reportId: string;
  period: PeriodRequest;
  credentials: CredentialsProvider;
  /** The clock for "last week", `generatedAt` and whether the period is partial. */
  now?: Date;
  /** Mux base URL (default `MUX_BASE_URL` or https://api.mux.com). */
  baseUrl?: string;
  /** Used for the footer ("where the snapshot is archived"), before the store confirms it. */
  archiveLocationFor?: (snapshot: Snapshot) => string | null;
  /** Client events (request done, retry, 429) for logs and metrics; never carries credentials. */
  onMuxEvent?: (event: MuxEvent) => void;
  /** Test/bench hook: client tuning (timeouts, retry timing). */
  clientOptions?: Partial<Pick<ConstructorParameters<typeof MuxClient>[0], 'timeoutMs' | 'maxRetries' | 'retry'>>;
}

export interface GeneratedReport {
  report: ReportConfig;
  environment: EnvironmentConfig;
  period: Period;
  previousPeriod: Period;
  snapshot: Snapshot;
  email: RenderedEmail;
}

/**
 * One rate-limit bucket per environment per process: Mux limits per environment, and a warm Lambda
 * (or the CLI running several reports) must not get a fresh burst for every report.
 */
const limiters = new Map<string, SharedLimiter>();
export function limiterFor(environment: EnvironmentConfig): SharedLimiter {
  const key = `${environment.name}:${environment.rateLimit.dataPerSecond}:${environment.rateLimit.monitoringPerSecond}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new SharedLimiter(environment.rateLimit);
    limiters.set(key, limiter);
  }
  return limiter;
}

/**
 * The local period a request names. Mux's retention is not checked here: it depends on the plan (100 days on
 * standard plans, longer with Long Term Metrics), so Mux is asked and its refusal is a `PeriodRefusedError`
 * naming the period and Mux's message (report/collect.ts).
 */
export function resolvePeriod(report: ReportConfig, request: PeriodRequest, now: Date): Period {
  return request.kind === 'scheduled'
    ? scheduledPeriod(report.cadence, request.scheduledTime, report.timeZone)
    : request.spec === null
      ? scheduledPeriod(report.cadence, now, report.timeZone)
      : parsePeriodSpec(request.spec, { cadence: report.cadence, timeZone: report.timeZone, now });
}

export async function createMuxClient(
  environment: EnvironmentConfig,
  credentials: CredentialsProvider,
  options: Pick<GenerateOptions, 'baseUrl' | 'onMuxEvent' | 'clientOptions'> = {},
): Promise<MuxClient> {
  const { tokenId, tokenSecret } = await credentials(environment);
  return new MuxClient({
    tokenId,
    tokenSecret,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    limiter: limiterFor(environment),
    ...(options.onMuxEvent ? { onEvent: options.onMuxEvent } : {}),
    ...options.clientOptions,
  });
}

export async function generateReport(options: GenerateOptions): Promise<GeneratedReport> {
  const now = options.now ?? new Date();
  const report = findReport(options.config, options.reportId);
  const environment = environmentOf(options.config, report);
  const period = resolvePeriod(report, options.period, now);
  const previous = previousPeriod(period);
  const client = await createMuxClient(environment, options.credentials, options);
  try {
    const collected = await collectReport({
      report,
      environment,
      period,
      previousPeriod: previous,
      client,
      now,
    });
    const snapshot: Snapshot = { ...collected, archiveLocation: options.archiveLocationFor?.(collected) ?? null };
    const email = renderEmail(snapshot);
    return { report, environment, period, previousPeriod: previous, snapshot, email };
  } finally {
    await client.close();
  }
}
