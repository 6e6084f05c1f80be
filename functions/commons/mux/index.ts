/** Public surface of the Mux Data API client. */
export { MuxClient, type MuxClientOptions } from './client.js';
export { asNumber, type MuxEnvelope, type MuxMeta } from './envelope.js';
export {
  MuxApiError,
  MuxConnectionError,
  MuxError,
  MuxResponseError,
  MuxTimeoutError,
  parseErrorBody,
} from './errors.js';
export { type PaginateOptions, type PaginateResult, PaginationLimitError, paginate } from './pagination.js';
export { type DurationTimeframe, encodeQuery, type QueryParams, type Timeframe } from './query.js';
export { bucketForPath, Semaphore, SharedLimiter, TokenBucket } from './rate-limiter.js';
export type { Annotation } from './resources/annotations.js';
export type { PlaybackError } from './resources/errors.js';
export type { ViewExport } from './resources/exports.js';
export type { Incident, IncidentSeverity, IncidentStatus } from './resources/incidents.js';
export type {
  BreakdownOrderBy,
  BreakdownValue,
  ComparisonRow,
  Granularity,
  Insight,
  Measurement,
  OrderDirection,
  OverallValues,
  TimeseriesPoint,
} from './resources/metrics.js';
export type { MonitoringBreakdownRow, MonitoringName } from './resources/monitoring.js';
export type { AbridgedVideoView, VideoView } from './resources/video-views.js';
export { DEFAULT_RETRY_TIMING, type RetryTiming } from './retry.js';
export type { MuxEvent, MuxStats } from './transport.js';
export { cleanMuxStrings, cleanMuxText, isVerbatim, MUX_TEXT_MAX } from './untrusted-text.js';
