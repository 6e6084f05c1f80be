/**
 * Classifies an incident against a period [start, end) by its `started_at` / `resolved_at`:
 * - opened               started in the period, not resolved before the period ended
 * - resolved             started before the period, resolved in it
 * - opened_and_resolved  both in the period
 * - ongoing              started before and still unresolved at the period end
 * Incidents that do not overlap the period (started at/after its end, or resolved before its start),
 * or without a parsable `started_at`, are dropped (null).
 */
export type InPeriod = 'opened' | 'resolved' | 'opened_and_resolved' | 'ongoing';

function epochMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

export function classifyIncident(
  incident: { started_at?: string | null; resolved_at?: string | null },
  period: { startEpoch: number; endEpoch: number },
): InPeriod | null {
  const started = epochMs(incident.started_at);
  if (started === null) return null;
  const resolved = epochMs(incident.resolved_at);
  const start = period.startEpoch * 1000;
  const end = period.endEpoch * 1000;
  if (started >= end) return null;
  if (resolved !== null && resolved < start) return null;
  const startedIn = started >= start;
  const resolvedIn = resolved !== null && resolved < end;
  if (startedIn) return resolvedIn ? 'opened_and_resolved' : 'opened';
  return resolvedIn ? 'resolved' : 'ongoing';
}

/** Counts for the section header: opened/resolved include opened_and_resolved; stillOpen = unresolved at period end. */
export function countIncidents(classes: readonly InPeriod[]): { opened: number; resolved: number; stillOpen: number } {
  let opened = 0;
  let resolved = 0;
  let stillOpen = 0;
  for (const c of classes) {
    if (c === 'opened' || c === 'opened_and_resolved') opened++;
    if (c === 'resolved' || c === 'opened_and_resolved') resolved++;
    if (c === 'opened' || c === 'ongoing') stillOpen++;
  }
  return { opened, resolved, stillOpen };
}
