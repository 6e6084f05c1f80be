/**
 * Dimensions: `/data/v1/dimensions[/{id}[/elements]]` and the deprecated `/data/v1/filters[/{id}]`. Schemas only:
 * the dimension names are a fixed list checked against the description (config/dimensions.ts), so nothing calls
 * these endpoints; test/mux/openapi-examples.test.ts keeps the schemas true to Mux's description.
 */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';

export const dimensionNamesSchema = z.looseObject({
  basic: z.array(z.string()),
  advanced: z.array(z.string()),
});
export type DimensionNames = z.infer<typeof dimensionNamesSchema>;

export const dimensionValueSchema = z.looseObject({
  value: z.string().nullable(),
  total_count: z.number().nullable(),
});
export type DimensionValue = z.infer<typeof dimensionValueSchema>;

export const dimensionNamesResponseSchema = envelopeSchema(dimensionNamesSchema);
export const dimensionValuesResponseSchema = envelopeSchema(z.array(dimensionValueSchema));
