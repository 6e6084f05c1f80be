/** Individual views: `/data/v1/video-views[/{id}]`. */
import * as z from 'zod';
import { envelopeSchema, numberish } from '../envelope.js';
import { listParam, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';
import type { OrderDirection } from './metrics.js';

const str = z.string().nullish();

export const abridgedVideoViewSchema = z.looseObject({
  id: z.string(),
  view_start: str,
  view_end: str,
  video_title: str,
  country_code: str,
  viewer_os_family: str,
  viewer_application_name: str,
  playback_failure: z.boolean().nullish(),
  error_type_id: z.number().nullish(),
  player_error_code: str,
  player_error_message: str,
  viewer_experience_score: numberish,
  watch_time: numberish,
  total_row_count: z.number().nullish(),
});
export type AbridgedVideoView = z.infer<typeof abridgedVideoViewSchema>;

/**
 * The full view has ~200 fields; only the ones we read are declared. Numeric fields may arrive as strings
 * (`viewer_experience_score`, `rebuffer_percentage`…): read them with `asNumber`.
 */
export const videoViewSchema = z.looseObject({
  id: z.string(),
  view_start: str,
  view_end: str,
  video_title: str,
  viewer_experience_score: numberish,
  playback_score: numberish,
  startup_score: numberish,
  smoothness_score: numberish,
  video_quality_score: numberish,
  rebuffer_percentage: numberish,
  view_playing_time: numberish,
  watch_time: numberish,
  error_type_id: z.number().nullish(),
  player_error_code: str,
  player_error_message: str,
  events: z
    .array(
      z.looseObject({
        name: z.string(),
        event_time: numberish,
        viewer_time: numberish,
        playback_time: numberish,
        details: z.unknown().optional(),
      }),
    )
    .nullish(),
});
export type VideoView = z.infer<typeof videoViewSchema>;

export const videoViewListResponseSchema = envelopeSchema(z.array(abridgedVideoViewSchema));
export const videoViewResponseSchema = envelopeSchema(videoViewSchema);

export interface VideoViewListParams {
  viewerId?: string;
  /** An `error_type_id`, or `'any'` for views with any error. */
  errorId?: number | 'any';
  filters?: readonly string[];
  metricFilters?: readonly string[];
  /** Matches views whose `view_end` is inside the window. */
  timeframe?: Timeframe;
  orderDirection?: OrderDirection;
  page?: number;
  limit?: number;
}

export class VideoViews {
  constructor(private readonly t: MuxTransport) {}

  list(params: VideoViewListParams = {}) {
    return this.t.get(
      '/data/v1/video-views',
      {
        timeframe: timeframeParam(params.timeframe),
        filters: listParam(params.filters),
        metric_filters: listParam(params.metricFilters),
        viewer_id: params.viewerId,
        error_id: params.errorId,
        order_direction: params.orderDirection,
        page: params.page,
        limit: params.limit,
      },
      videoViewListResponseSchema,
    );
  }
}
