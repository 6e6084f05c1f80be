/**
 * Annotations: `/data/v1/annotations[/{id}]` — the notes (deploys, releases, incidents) Mux draws on its charts.
 * The report lists them (read only: the causes section shows them next to the causes, the trend as markers);
 * test/mux/openapi-examples.test.ts keeps these schemas true to Mux's description.
 */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';

/** `Annotation` of the description: `id`, `note`, `date` required; `sub_property_id` nullable. */
export const annotationSchema = z.looseObject({
  /** A UUID. */
  id: z.string(),
  note: z.string(),
  /** When the annotation applies, ISO-8601 UTC (`2025-04-23T19:10:00Z`). */
  date: z.string(),
  sub_property_id: z.string().nullish(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const annotationListResponseSchema = envelopeSchema(z.array(annotationSchema));
export const annotationResponseSchema = envelopeSchema(annotationSchema);

export interface AnnotationListParams {
  timeframe: Timeframe;
  orderDirection?: 'asc' | 'desc';
  page?: number;
  limit?: number;
}

export class Annotations {
  constructor(private readonly t: MuxTransport) {}

  /** One page of the annotations whose `date` falls in the timeframe (the description's list operation). */
  list(params: AnnotationListParams) {
    return this.t.get(
      '/data/v1/annotations',
      {
        timeframe: timeframeParam(params.timeframe),
        order_direction: params.orderDirection,
        page: params.page,
        limit: params.limit,
      },
      annotationListResponseSchema,
    );
  }
}
