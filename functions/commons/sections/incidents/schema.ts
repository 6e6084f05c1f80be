/** The incidents part of the snapshot: Mux alert incidents opened, resolved or still open in the period. */
import * as z from 'zod';
import { isoDateTime, nullableNumber, sectionPart } from '../../snapshot/parts.js';

export const incidentSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    severity: z.string(),
    startedAt: isoDateTime.nullable(),
    resolvedAt: isoDateTime.nullable(),
    /** opened = started in the period; resolved = resolved in the period; open = still open at period end. */
    inPeriod: z.enum(['opened', 'resolved', 'opened_and_resolved', 'ongoing']),
    description: z.string(),
    impact: z.string().nullable(),
    measurement: z.string().nullable(),
    measuredValue: nullableNumber,
    threshold: nullableNumber,
    affectedViews: z.number().int().nullable(),
    breakdowns: z.array(z.object({ name: z.string(), value: z.string() }).strict()),
    /** Count of related incidents (fetched for incidents still open only). */
    relatedCount: z.number().int().nullable(),
    url: z.string(),
  })
  .strict();
export type Incident = z.output<typeof incidentSchema>;

export const incidentsPartSchema = sectionPart({
  opened: z.number().int(),
  resolved: z.number().int(),
  stillOpen: z.number().int(),
  items: z.array(incidentSchema),
});
export type IncidentsPart = z.output<typeof incidentsPartSchema>;
