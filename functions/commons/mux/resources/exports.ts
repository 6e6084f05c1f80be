/** Daily raw view exports: `/data/v1/exports/views` (and the schema of the legacy `/data/v1/exports`, never called). */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import type { MuxTransport } from '../transport.js';

export const viewExportSchema = z.looseObject({
  /** `YYYY-MM-DD` of the exported day. */
  export_date: z.string(),
  files: z.array(
    z.looseObject({
      /** Signed download URL (valid ~7 days): treat as a secret, never log it. */
      path: z.string(),
      type: z.string().nullish(),
      version: z.union([z.number(), z.string()]).nullish(),
    }),
  ),
});
export type ViewExport = z.infer<typeof viewExportSchema>;

export const viewExportsResponseSchema = envelopeSchema(z.array(viewExportSchema));
/** Legacy: a plain list of signed URLs. */
export const legacyExportsResponseSchema = envelopeSchema(z.array(z.string()));

export class Exports {
  constructor(private readonly t: MuxTransport) {}

  listViews() {
    // Mux's own signed URLs (hundreds of characters), not viewer text: kept verbatim, never shown.
    return this.t.get('/data/v1/exports/views', {}, viewExportsResponseSchema, { verbatimText: true });
  }
}
