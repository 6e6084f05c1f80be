/**
 * Static facts about the Mux Data API that the fake validates against: metric ids, their default measurement and
 * direction (re-exported from functions/commons/catalog/metrics.ts, the one metric catalog), dimension ids,
 * monitoring ids, error types. Source: ../shared/reference/mux-data-api.md and the seed pages.
 */
import {
  DOCUMENTED_ADVANCED_DIMENSIONS,
  DOCUMENTED_BASIC_DIMENSIONS,
  BREAKDOWN_DIMENSIONS as SDK_BREAKDOWN_DIMENSIONS,
} from '../functions/commons/config/dimensions.js';

/** Metric ids, default measurements and directions: the project's one catalog (what the description documents). */
export { MEASUREMENTS, METRICS, type Measurement } from '../functions/commons/catalog/metrics.js';

/** Metrics Mux refuses in metric_filters[] (documented exception list). */
export const NON_FILTERABLE_METRICS = new Set([
  'exits_before_video_start',
  'unique_viewers',
  'video_startup_failure_percentage',
  'view_dropped_percentage',
  'views',
]);

/** Breakdown `group_by` enum of the SDK — also the set of valid filter dimensions. Same data as the config's list. */
export const BREAKDOWN_DIMENSIONS: readonly string[] = SDK_BREAKDOWN_DIMENSIONS;

/** Valid `group_by` / `filters[]` / comparison `dimension` ids: the breakdown `group_by` enum of Mux's description. */
export const KNOWN_DIMENSIONS: ReadonlySet<string> = new Set(BREAKDOWN_DIMENSIONS);

/** Dimensions whose values are ordered sequences (filter syntax `dim:[a,b]`, `+dim:a`, `-dim:a`). */
export const TRACE_DIMENSIONS: ReadonlySet<string> = new Set(['video_cdn_trace']);

/** `GET /data/v1/dimensions` (and the deprecated `/filters`): the seed's lists (the config's) plus two the seed lacks. */
export const DIMENSION_LISTS = {
  basic: DOCUMENTED_BASIC_DIMENSIONS,
  advanced: [...DOCUMENTED_ADVANCED_DIMENSIONS, 'view_has_ad', 'video_cdn_trace'],
} as const;

export const MONITORING_DIMENSIONS: ReadonlyArray<{ name: string; display_name: string }> = [
  { display_name: 'ASN', name: 'asn' },
  { display_name: 'CDN', name: 'cdn' },
  { display_name: 'Country', name: 'country' },
  { display_name: 'Operating system', name: 'operating_system' },
  { display_name: 'Player name', name: 'player_name' },
  { display_name: 'Region / State', name: 'region' },
  { display_name: 'Stream type', name: 'stream_type' },
  { display_name: 'Sub property ID', name: 'sub_property_id' },
  { display_name: 'Video series', name: 'video_series' },
  { display_name: 'Video title', name: 'video_title' },
  { display_name: 'View has ad', name: 'view_has_ad' },
];

export const MONITORING_METRICS: ReadonlyArray<{ name: string; display_name: string }> = [
  { display_name: 'Current Average Bitrate', name: 'current-average-bitrate' },
  { display_name: 'Current Concurrent Viewers (CCV)', name: 'current-concurrent-viewers' },
  { display_name: 'Current Rebuffering Percentage', name: 'current-rebuffering-percentage' },
  { display_name: 'Exits Before Video Start', name: 'exits-before-video-start' },
  { display_name: 'Playback Failure Percentage', name: 'playback-failure-percentage' },
  { display_name: 'Video Startup Failure Percentage', name: 'video-startup-failure-percentage' },
  { display_name: 'Video Startup Time', name: 'video-startup-time' },
];

export interface ErrorType {
  id: number;
  code: number | null;
  player_error_code: string | null;
  message: string;
  description: string;
  notes: string | null;
}

/** The handful of playback errors the synthetic universe produces. */
export const ERROR_TYPES: readonly ErrorType[] = [
  {
    id: 957,
    code: 4,
    player_error_code: '4',
    message: 'MEDIA_ERR_SRC_NOT_SUPPORTED: The media could not be loaded',
    description:
      'The media could not be loaded, either because the server or network failed or the format is not supported.',
    notes: null,
  },
  {
    id: 1842,
    code: 3,
    player_error_code: '3',
    message: 'MEDIA_ERR_DECODE: A decoding error occurred',
    description: 'The media playback was aborted due to a corruption problem or unsupported features.',
    notes: 'Seen mostly on one title after the re-encode.',
  },
  {
    id: 2210,
    code: 2,
    player_error_code: '2',
    message: 'MEDIA_ERR_NETWORK: A network error caused the media download to fail',
    description: 'A network error caused the media download to fail part-way.',
    notes: null,
  },
  {
    id: 4401,
    code: null,
    player_error_code: null,
    message: 'Manifest request failed: 403 Forbidden',
    description: 'The playlist request was rejected by the CDN (expired or invalid signed URL).',
    notes: null,
  },
  {
    id: 5120,
    code: 1001,
    player_error_code: '1001',
    message: 'DRM license request failed',
    description: 'The license server did not return a usable license.',
    notes: null,
  },
  {
    id: 6630,
    code: -12660,
    player_error_code: '-12660',
    message: 'CoreMediaErrorDomain error -12660',
    description: 'AVPlayer could not load the resource (HTTP 403 on a segment).',
    notes: null,
  },
];
