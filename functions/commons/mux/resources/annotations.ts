/**
 * Annotations: `/data/v1/annotations[/{id}]` — the notes (deploys, releases, incidents) Mux draws on its charts.
 * Read-only here (list, get): creating, updating and deleting needs a token with Data *write* permission, which
 * this product never asks for.
 */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { pathSegment, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';
import type { OrderDirection } from './metrics.js';

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
  /** Annotations whose `date` is inside the window. */
  timeframe?: Timeframe;
  orderDirection?: OrderDirection;
  page?: number;
  /** Mux default 25. */
  limit?: number;
}

export class Annotations {
  constructor(private readonly t: MuxTransport) {}

  /** One page of annotations (paged like every Mux list: walk it with `paginate`). */
  list(params: AnnotationListParams = {}) {
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

  get(annotationId: string) {
    return this.t.get(
      `/data/v1/annotations/${pathSegment('annotationId', annotationId)}`,
      {},
      annotationResponseSchema,
    );
  }
}
