/**
 * The one catalog of Mux Data metric ids: for each id its label, unit, which direction is good and its default
 * measurement. Config validation (unknown ids), the report (labels, units, verdicts), the formatters (units) and the
 * fake Mux (default measurements, directions) all read it. A leaf: it imports nothing from the project.
 *
 * The ids are exactly the `METRIC_ID` path enum of Mux's OpenAPI description (mux-com-metrics-api-openapi.yml, 51 ids,
 * in its order); the default measurements are the ones its `measurement` parameter documents (test/catalog/
 * metrics-contract.test.ts keeps both equal to the description). Labels, units and directions are ours
 * (../shared/reference/mux-data-api.md §2); scores and percentages come from the API as fractions 0–1.
 */

/** The `measurement` enum of the description, in its order. */
export const MEASUREMENTS = ['95th', 'median', 'avg', 'count', 'sum'] as const;
export type Measurement = (typeof MEASUREMENTS)[number];

export const UNITS = ['score', 'percentage', 'ms', 'count', 'bps', 'per_minute'] as const;
export type Unit = (typeof UNITS)[number];

/** Which way is good: the snapshot's `direction` and the verdict rule use these words (and only these). */
export const DIRECTIONS = ['higher_is_better', 'lower_is_better', 'neutral'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface MetricDef {
  id: string;
  label: string;
  unit: Unit;
  direction: Direction;
  defaultMeasurement: Measurement;
}

const HIGHER = 'higher_is_better';
const LOWER = 'lower_is_better';
const NEUTRAL = 'neutral';

const def = (
  id: string,
  label: string,
  unit: Unit,
  direction: Direction,
  defaultMeasurement: Measurement = 'avg',
): MetricDef => ({ id, label, unit, direction, defaultMeasurement });

/** Every documented metric id, in the description's order. */
export const METRIC_LIST: readonly MetricDef[] = [
  def('aggregate_startup_time', 'Aggregate startup time', 'ms', LOWER, 'median'),
  def('downscale_percentage', 'Downscaling', 'percentage', LOWER),
  def('exits_before_video_start', 'Exits before video start', 'percentage', LOWER),
  def('live_stream_latency', 'Live stream latency', 'ms', LOWER, 'median'),
  def('max_downscale_percentage', 'Max downscaling', 'percentage', LOWER, 'median'),
  def('max_request_latency', 'Max request latency', 'ms', LOWER, 'median'),
  def('max_upscale_percentage', 'Max upscaling', 'percentage', LOWER, 'median'),
  def('page_load_time', 'Page load time', 'ms', LOWER, 'median'),
  def('playback_failure_percentage', 'Playback failures', 'percentage', LOWER),
  def('playback_success_score', 'Playback Success', 'score', HIGHER),
  def('player_startup_time', 'Player startup time', 'ms', LOWER, 'median'),
  def('playing_time', 'Watch time', 'ms', NEUTRAL, 'sum'),
  def('rebuffer_count', 'Rebuffer count', 'count', LOWER, 'median'),
  def('rebuffer_duration', 'Rebuffer duration', 'ms', LOWER, 'median'),
  def('rebuffer_frequency', 'Rebuffer frequency', 'per_minute', LOWER),
  def('rebuffer_percentage', 'Rebuffering', 'percentage', LOWER),
  def('request_latency', 'Request latency', 'ms', LOWER, 'median'),
  def('request_throughput', 'Request throughput', 'bps', HIGHER, 'median'),
  def('rebuffer_score', 'Smoothness', 'score', HIGHER),
  def('requests_for_first_preroll', 'Requests for first preroll', 'count', LOWER, 'median'),
  def('seek_latency', 'Seek latency', 'ms', LOWER),
  def('startup_time_score', 'Startup Time', 'score', HIGHER),
  def('unique_viewers', 'Unique viewers', 'count', NEUTRAL, 'count'),
  def('upscale_percentage', 'Upscaling', 'percentage', LOWER),
  def('video_quality_score', 'Video Quality', 'score', HIGHER),
  def('video_startup_preroll_load_time', 'Preroll load time', 'ms', LOWER, 'median'),
  def('video_startup_preroll_request_time', 'Preroll request time', 'ms', LOWER, 'median'),
  def('video_startup_time', 'Video startup time', 'ms', LOWER, 'median'),
  def('viewer_experience_score', 'Overall Viewer Experience', 'score', HIGHER),
  // `views` has no default in the description's list; `count` is what a view count is.
  def('views', 'Views', 'count', NEUTRAL, 'count'),
  def('weighted_average_bitrate', 'Weighted average bitrate', 'bps', HIGHER, 'median'),
  def('video_startup_failure_percentage', 'Video startup failures', 'percentage', LOWER),
  def('ad_attempt_count', 'Ad attempt count', 'count', NEUTRAL, 'sum'),
  def('ad_break_count', 'Ad break count', 'count', NEUTRAL, 'sum'),
  def('ad_break_error_count', 'Ad break error count', 'count', LOWER, 'sum'),
  def('ad_break_error_percentage', 'Ad break error percentage', 'percentage', LOWER),
  def('ad_error_count', 'Ad error count', 'count', LOWER, 'sum'),
  def('ad_error_percentage', 'Ad error percentage', 'percentage', LOWER),
  def('ad_exit_before_start_count', 'Ad exit before start count', 'count', LOWER),
  def('ad_exit_before_start_percentage', 'Ad exit before start percentage', 'percentage', LOWER),
  def('ad_impression_count', 'Ad impression count', 'count', NEUTRAL, 'sum'),
  def('ad_startup_error_count', 'Ad startup error count', 'count', LOWER),
  def('ad_startup_error_percentage', 'Ad startup error percentage', 'percentage', LOWER),
  def('playback_business_exception_percentage', 'Playback business exceptions', 'percentage', LOWER),
  def('video_startup_business_exception_percentage', 'Startup business exceptions', 'percentage', LOWER),
  def('view_content_startup_time', 'Content startup time', 'ms', LOWER, 'median'),
  def('ad_preroll_startup_time', 'Preroll startup time', 'ms', LOWER, 'median'),
  def('view_dropped_percentage', 'Dropped views', 'percentage', LOWER),
  def('rendition_change_count', 'Rendition change count', 'count', NEUTRAL, 'median'),
  def('rendition_upshift_count', 'Rendition upshift count', 'count', NEUTRAL, 'median'),
  def('rendition_downshift_count', 'Rendition downshift count', 'count', LOWER, 'median'),
];

export const METRICS: ReadonlyMap<string, MetricDef> = new Map(METRIC_LIST.map((m) => [m.id, m]));

/** The ids config validation accepts (`keyMetrics`) and the fake serves. */
export const METRIC_IDS: readonly string[] = METRIC_LIST.map((m) => m.id);

export function isMetricId(id: string): boolean {
  return METRICS.has(id);
}

/** The catalog entry; an id Mux added after this list gets a neutral count with a humanised label. */
export function metricDef(id: string): MetricDef {
  return METRICS.get(id) ?? def(id, id.replace(/_/g, ' '), 'count', NEUTRAL);
}

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

/** Parses `metric_id[:measurement]` (already validated by the config) into a metric and its measurement. */
export function parseMetricRef(ref: string): { metric: string; measurement: Measurement } {
  const [metric = ref, measurement] = ref.split(':');
  return { metric, measurement: (measurement as Measurement | undefined) ?? metricDef(metric).defaultMeasurement };
}
