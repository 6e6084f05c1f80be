/**
 * What we know about Mux Data metric ids: unit, which direction is good, default measurement and label.
 * Source: ../shared/reference/mux-data-api.md §2. Scores and percentages come from the API as fractions 0–1.
 */

export type Unit = 'score' | 'percentage' | 'ms' | 'count' | 'bps' | 'per_minute';
export type Direction = 'higher_is_better' | 'lower_is_better' | 'neutral';
export type Measurement = 'median' | '95th' | 'avg' | 'count' | 'sum';

export interface MetricDef {
  id: string;
  label: string;
  unit: Unit;
  direction: Direction;
  defaultMeasurement: Measurement;
}

const def = (
  id: string,
  label: string,
  unit: Unit,
  direction: Direction,
  defaultMeasurement: Measurement = 'avg',
): MetricDef => ({ id, label, unit, direction, defaultMeasurement });

export const METRICS: Readonly<Record<string, MetricDef>> = Object.fromEntries(
  [
    def('viewer_experience_score', 'Overall Viewer Experience', 'score', 'higher_is_better'),
    def('playback_success_score', 'Playback Success', 'score', 'higher_is_better'),
    def('startup_time_score', 'Startup Time', 'score', 'higher_is_better'),
    def('rebuffer_score', 'Smoothness', 'score', 'higher_is_better'),
    def('video_quality_score', 'Video Quality', 'score', 'higher_is_better'),
    def('playback_failure_percentage', 'Playback failures', 'percentage', 'lower_is_better'),
    def('video_startup_failure_percentage', 'Video startup failures', 'percentage', 'lower_is_better'),
    def('exits_before_video_start', 'Exits before video start', 'percentage', 'lower_is_better'),
    def('playback_business_exception_percentage', 'Playback business exceptions', 'percentage', 'lower_is_better'),
    def('video_startup_business_exception_percentage', 'Startup business exceptions', 'percentage', 'lower_is_better'),
    def('view_dropped_percentage', 'Dropped views', 'percentage', 'lower_is_better'),
    def('video_startup_time', 'Video startup time', 'ms', 'lower_is_better', 'median'),
    def('player_startup_time', 'Player startup time', 'ms', 'lower_is_better', 'median'),
    def('page_load_time', 'Page load time', 'ms', 'lower_is_better', 'median'),
    def('aggregate_startup_time', 'Aggregate startup time', 'ms', 'lower_is_better', 'median'),
    def('seek_latency', 'Seek latency', 'ms', 'lower_is_better'),
    def('rebuffer_percentage', 'Rebuffering', 'percentage', 'lower_is_better'),
    def('rebuffer_frequency', 'Rebuffer frequency', 'per_minute', 'lower_is_better'),
    def('rebuffer_duration', 'Rebuffer duration', 'ms', 'lower_is_better', 'median'),
    def('rebuffer_count', 'Rebuffer count', 'count', 'lower_is_better', 'median'),
    def('upscale_percentage', 'Upscaling', 'percentage', 'lower_is_better'),
    def('downscale_percentage', 'Downscaling', 'percentage', 'lower_is_better'),
    def('max_upscale_percentage', 'Max upscaling', 'percentage', 'lower_is_better', 'median'),
    def('max_downscale_percentage', 'Max downscaling', 'percentage', 'lower_is_better', 'median'),
    def('weighted_average_bitrate', 'Weighted average bitrate', 'bps', 'higher_is_better', 'median'),
    def('request_latency', 'Request latency', 'ms', 'lower_is_better', 'median'),
    def('max_request_latency', 'Max request latency', 'ms', 'lower_is_better', 'median'),
    def('request_throughput', 'Request throughput', 'bps', 'higher_is_better', 'median'),
    def('live_stream_latency', 'Live stream latency', 'ms', 'lower_is_better', 'median'),
    def('views', 'Views', 'count', 'neutral', 'count'),
    def('unique_viewers', 'Unique viewers', 'count', 'neutral', 'count'),
    def('playing_time', 'Watch time', 'ms', 'neutral', 'sum'),
  ].map((m) => [m.id, m]),
);

/** The overall score first, then the four sub-scores it is built from. */
export const SCORE_METRICS = [
  'viewer_experience_score',
  'playback_success_score',
  'startup_time_score',
  'rebuffer_score',
  'video_quality_score',
] as const;

/** Default key-metrics table (`metric` or `metric:measurement`). */
export const DEFAULT_KEY_METRICS = [
  'video_startup_time:median',
  'video_startup_time:95th',
  'rebuffer_percentage',
  'playback_failure_percentage',
  'exits_before_video_start',
  'upscale_percentage',
] as const;

export function metricDef(id: string): MetricDef {
  return METRICS[id] ?? def(id, id.replace(/_/g, ' '), 'count', 'neutral');
}

/** Parses `metric_id[:measurement]` from the config into a metric and its measurement. */
export function parseMetricRef(ref: string): { metric: string; measurement: Measurement } {
  const [metric = ref, measurement] = ref.split(':');
  return { metric, measurement: (measurement as Measurement | undefined) ?? metricDef(metric).defaultMeasurement };
}
