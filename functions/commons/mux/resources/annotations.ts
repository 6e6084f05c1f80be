/**
 * Annotations: `/data/v1/annotations[/{id}]` — the notes (deploys, releases, incidents) Mux draws on its charts.
 * Schemas only: no report reads annotations yet, so the client has no method for them (a method with no caller
 * was dead code); test/mux/openapi-examples.test.ts keeps these schemas true to Mux's description.
 */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';

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
