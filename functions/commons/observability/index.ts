/**
 * Logs and metrics of the functions: one Powertools `Logger` and one `Metrics` per process (module
 * scope, reused by warm invocations), plus small adapters.
 *
 * What is logged: ids (reportId, periodKey, awsRequestId, Mux `x-request-id`s), counts, statuses,
 * paths and error messages. What is never logged: credentials, rendered HTML/text, whole Mux bodies,
 * recipient addresses beyond a count. Mux client events carry paths without query strings by design.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DeliveryLogger } from '../delivery/deliver.js';
import type { MuxEvent } from '../mux/index.js';
import type { Snapshot } from '../report/snapshot-schema.js';
import { DEFAULT_METRICS_NAMESPACE } from './namespace.js';

export { DEFAULT_METRICS_NAMESPACE };
export const SERVICE_NAME = 'mux-qoe-reports';

/** The structured JSON logger (level from `LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL`). */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/** EMF metrics; namespace from `POWERTOOLS_METRICS_NAMESPACE` (set by the stack). */
export const metrics = new Metrics({
  serviceName: SERVICE_NAME,
  namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] || DEFAULT_METRICS_NAMESPACE,
});

/** The part of the Lambda context we read (no dependency on `@types/aws-lambda`). */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string | number;
  getRemainingTimeInMillis(): number;
}

/** Attributes a log line may carry. */
export type LogFields = Record<string, unknown>;

/** The logging surface the adapters need (Powertools `Logger` satisfies it; tests pass a recorder). */
export interface LoggerLike {
  debug(message: string, fields: LogFields): void;
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
}

/**
 * Starts an invocation's log context: clears the previous invocation's temporary keys, adds the Lambda
 * context (function name, request id, cold start) and the given keys to every following line.
 */
export function startInvocation(context: LambdaContext | undefined, keys: LogFields = {}): void {
  logger.resetKeys();
  if (context) {
    // Powertools types its parameter with `aws-lambda`'s Context; ours is the structural subset it reads.
    logger.addContext(context as unknown as Parameters<Logger['addContext']>[0]);
  }
  if (Object.keys(keys).length > 0) logger.appendKeys(keys);
}

/** Adds keys (reportId, periodKey…) to the rest of this invocation's log lines. */
export function appendLogKeys(keys: LogFields): void {
  logger.appendKeys(keys);
}

/** `DeliveryLogger` (commons/delivery) on top of the shared logger. */
export function deliveryLogger(target: Logger = logger): DeliveryLogger {
  return {
    info: (message, extra) => target.info(message, { ...extra }),
    warn: (message, extra) => target.warn(message, { ...extra }),
  };
}

export interface MuxCallCounts {
  /** HTTP attempts answered (any status). */
  calls: number;
  retries: number;
  /** 429 answers. */
  rateLimited: number;
  /** Calls that failed for good (after retries). */
  failures: number;
}

export interface MuxEventRecorder {
  /** Pass as the client's / pipeline's `onMuxEvent`. */
  readonly onEvent: (event: MuxEvent) => void;
  readonly counts: Readonly<MuxCallCounts>;
  /** `x-request-id`s of Mux answers (bounded), errors first: what Mux support asks for. */
  requestIds(): string[];
  /** Adds `MuxCalls`, `MuxRetries`, `Mux429s` to the metrics buffer and logs one summary line. */
  flush(target?: Metrics): void;
}

export interface MuxEventRecorderOptions {
  logger?: LoggerLike;
  /** How many request ids to keep (default 40: a report makes ~30 calls). */
  maxRequestIds?: number;
}

/** Turns Mux client events into counters and log lines (one debug line per answer, warnings for trouble). */
export function muxEventRecorder(options: MuxEventRecorderOptions = {}): MuxEventRecorder {
  const log: LoggerLike = options.logger ?? logger;
  const max = options.maxRequestIds ?? 40;
  const counts: MuxCallCounts = { calls: 0, retries: 0, rateLimited: 0, failures: 0 };
  const okIds: string[] = [];
  const errorIds: string[] = [];

  const onEvent = (event: MuxEvent): void => {
    switch (event.type) {
      case 'response': {
        counts.calls++;
        if (event.status === 429) counts.rateLimited++;
        const ok = event.status >= 200 && event.status < 300;
        if (event.requestId) {
          const list = ok ? okIds : errorIds;
          if (okIds.length + errorIds.length < max) list.push(event.requestId);
          else if (!ok && okIds.length > 0) {
            // Keep error ids in preference to successful ones when the budget is full.
            okIds.shift();
            errorIds.push(event.requestId);
          }
        }
        const fields = {
          path: event.path,
          status: event.status,
          attempt: event.attempt,
          durationMs: Math.round(event.durationMs),
          bytes: event.bytes,
          muxRequestId: event.requestId,
        };
        if (ok) log.debug('mux response', fields);
        else log.info('mux error response', fields);
        return;
      }
      case 'retry':
        counts.retries++;
        log.warn('mux retry', {
          path: event.path,
          attempt: event.attempt,
          delayMs: Math.round(event.delayMs),
          reason: event.reason,
        });
        return;
      case 'rate_limited':
        log.warn('mux rate limited', { path: event.path, retryAfterMs: event.retryAfterMs });
        return;
      case 'throttled':
        log.debug('mux client throttled', { path: event.path, bucket: event.bucket, waitMs: Math.round(event.waitMs) });
        return;
      case 'failed':
        counts.failures++;
        log.warn('mux call failed', {
          path: event.path,
          attempts: event.attempts,
          status: event.status,
          error: event.error,
        });
        return;
    }
  };

  return {
    onEvent,
    counts,
    requestIds: () => [...errorIds, ...okIds],
    flush(target: Metrics = metrics) {
      target.addMetric('MuxCalls', MetricUnit.Count, counts.calls);
      target.addMetric('MuxRetries', MetricUnit.Count, counts.retries);
      target.addMetric('Mux429s', MetricUnit.Count, counts.rateLimited);
      if (counts.calls > 0 || counts.failures > 0) {
        log.info('mux calls', { ...counts, muxRequestIds: [...errorIds, ...okIds] });
      }
    },
  };
}

/** Sections the snapshot marks `unavailable` (Mux failed for them; the report went out without). */
export function unavailableSections(snapshot: Pick<Snapshot, 'sections'>): string[] {
  return Object.entries(snapshot.sections)
    .filter(([, status]) => status === 'unavailable')
    .map(([id]) => id);
}

/** `ReportsGenerated` and `SectionsUnavailable` for a generated snapshot. */
export function recordGenerated(snapshot: Pick<Snapshot, 'sections'>, target: Metrics = metrics): void {
  target.addMetric('ReportsGenerated', MetricUnit.Count, 1);
  target.addMetric('SectionsUnavailable', MetricUnit.Count, unavailableSections(snapshot).length);
}

/** Shown in the log per skipped fan-out value: enough to recognise it, never a 100,000-character value. */
const SKIPPED_SHOWN = 20;
const SKIPPED_VALUE_CHARS = 80;

/** What a `{ top }` fan-out passed over (pipeline/fan-out-values.ts `FanOutSelection`). */
export interface FanOutSkips {
  skipped: readonly { value: string; views: number; reason: string }[];
  pages: number;
  capped: boolean;
}

/**
 * `FanOutValuesSkipped`: `{ top }` values of a fan-out passed over (its `match`/`allow`, or unusable), and
 * `FanOutPagesCapped`: 1 when the page cap stopped the search before `top` values were found (config/fan-out.ts).
 * Viewers choose these values, so the log says which were refused (the first 20, each cut to 80 characters), and
 * the metric lets an alarm watch for a flood of them.
 */
export function recordFanOutSelection(
  selection: FanOutSkips,
  target: { addMetric(name: string, unit: Parameters<Metrics['addMetric']>[1], value: number): unknown } = metrics,
  log: { warn(message: string, extra: Record<string, unknown>): void } = logger,
): void {
  target.addMetric('FanOutValuesSkipped', MetricUnit.Count, selection.skipped.length);
  target.addMetric('FanOutPagesCapped', MetricUnit.Count, selection.capped ? 1 : 0);
  if (selection.skipped.length === 0 && !selection.capped) return;
  log.warn("fan-out values skipped: they fail the fan-out's match/allow or cannot be a segment", {
    skippedCount: selection.skipped.length,
    skipped: selection.skipped.slice(0, SKIPPED_SHOWN).map((v) => {
      const chars = [...v.value];
      const value = chars.length > SKIPPED_VALUE_CHARS ? `${chars.slice(0, SKIPPED_VALUE_CHARS).join('')}…` : v.value;
      return { value, views: v.views, reason: v.reason };
    }),
    pages: selection.pages,
    capped: selection.capped,
  });
}

/** `ReportsSent`: 1 when this invocation sent email (not for already-sent / in-progress). */
export function recordSent(sent: boolean, target: Metrics = metrics): void {
  target.addMetric('ReportsSent', MetricUnit.Count, sent ? 1 : 0);
}

/** `DurationMs` of the invocation, then flushes the buffer as one EMF line. Never throws. */
export function publishMetrics(startedAt: number, target: Metrics = metrics): void {
  try {
    target.addMetric('DurationMs', MetricUnit.Milliseconds, Date.now() - startedAt);
    target.publishStoredMetrics();
  } catch (error) {
    logger.warn('metrics could not be published', { error: error instanceof Error ? error.message : String(error) });
  }
}

/** A one-line description of an error for logs and messages (name + message, no stack, no cause). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
