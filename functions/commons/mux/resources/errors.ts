/** Playback errors: `/data/v1/errors` (not paginated). */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { listParam, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';

export const playbackErrorSchema = z.looseObject({
  id: z.number().nullable(),
  code: z.number().nullish(),
  /** String form of the player's own code. */
  player_error_code: z.string().nullish(),
  message: z.string().nullish(),
  description: z.string().nullish(),
  notes: z.string().nullish(),
  /** Views that experienced this error. */
  count: z.number().nullable(),
  /** Share of views as a fraction 0..1. */
  percentage: z.number().nullable(),
  last_seen: z.string().nullish(),
});
export type PlaybackError = z.infer<typeof playbackErrorSchema>;

export const errorListResponseSchema = envelopeSchema(z.array(playbackErrorSchema));

export interface ErrorListParams {
  timeframe: Timeframe;
  filters?: readonly string[];
  metricFilters?: readonly string[];
}

export class Errors {
  constructor(private readonly t: MuxTransport) {}

  list(params: ErrorListParams) {
    return this.t.get(
      '/data/v1/errors',
      {
        timeframe: timeframeParam(params.timeframe),
        filters: listParam(params.filters),
        metric_filters: listParam(params.metricFilters),
      },
      errorListResponseSchema,
    );
  }
}
