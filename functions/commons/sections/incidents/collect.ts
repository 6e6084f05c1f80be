/**
 * Incidents have no filter or timeframe parameter in the API: they are account-wide, paged (at most
 * INCIDENT_MAX_PAGES × INCIDENT_PAGE_LIMIT) and kept when they overlap the local period (classify.ts); the related
 * count is fetched for at most MAX_RELATED_CALLS incidents still open.
 */
import { isNum } from '../../format/index.js';
import { type Incident as IncidentRaw, paginate } from '../../mux/index.js';
import { cmp, isoOrNull, str } from '../coerce.js';
import { incidentUrl } from '../links.js';
import type { Collected, SectionContext } from '../section.js';
import { classifyIncident, countIncidents, type InPeriod } from './classify.js';
import type { Incident, IncidentsPart } from './schema.js';

export const INCIDENT_PAGE_LIMIT = 100;
export const INCIDENT_MAX_PAGES = 5;
export const MAX_RELATED_CALLS = 3;

export async function collectIncidents(
  ctx: SectionContext,
): Promise<Collected<Omit<IncidentsPart, 'status' | 'reason'>>> {
  // At most INCIDENT_MAX_PAGES pages (500 incidents): a bound on calls; the rest is left out.
  const { items: all } = await paginate((page, limit) => ctx.source.incidents({ page, limit }), {
    limit: INCIDENT_PAGE_LIMIT,
    maxPages: INCIDENT_MAX_PAGES,
  });
  const inPeriod: Array<{ raw: IncidentRaw; cls: InPeriod }> = [];
  const seen = new Set<string>();
  for (const raw of all) {
    const id = str(raw.id);
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    const cls = classifyIncident(raw, ctx.period);
    if (cls) inPeriod.push({ raw, cls });
  }
  // Newest first, ties by id.
  inPeriod.sort(
    (a, b) =>
      cmp(isoOrNull(b.raw.started_at) ?? '', isoOrNull(a.raw.started_at) ?? '') ||
      cmp(str(a.raw.id) ?? '', str(b.raw.id) ?? ''),
  );
  const openIds = inPeriod
    .filter((i) => i.raw.status === 'open')
    .slice(0, MAX_RELATED_CALLS)
    .map((i) => str(i.raw.id) as string);
  const related = new Map<string, number | null>();
  await Promise.all(
    openIds.map(async (id) => {
      try {
        const res = await ctx.source.relatedIncidents(id, { limit: INCIDENT_PAGE_LIMIT });
        related.set(id, res.totalRowCount ?? res.data.length);
      } catch {
        // A missing related count is not worth losing the section: it stays null.
        related.set(id, null);
      }
    }),
  );
  const items: Incident[] = inPeriod.map(({ raw, cls }) => {
    const id = str(raw.id) as string;
    return {
      id,
      status: raw.status ?? 'unknown',
      severity: raw.severity ?? 'unknown',
      startedAt: isoOrNull(raw.started_at),
      resolvedAt: isoOrNull(raw.resolved_at),
      inPeriod: cls,
      description: raw.description ?? '',
      impact: raw.impact ?? null,
      measurement: raw.measurement ?? null,
      measuredValue: isNum(raw.measured_value) ? raw.measured_value : null,
      threshold: isNum(raw.threshold) ? raw.threshold : null,
      affectedViews: isNum(raw.affected_views) ? Math.round(raw.affected_views) : null,
      breakdowns: (raw.breakdowns ?? [])
        .filter((b) => b.name)
        .map((b) => ({ name: b.name as string, value: str(b.value) ?? '' })),
      relatedCount: related.get(id) ?? null,
      url: incidentUrl(ctx.environment, id),
    };
  });
  return { data: { ...countIncidents(items.map((i) => i.inPeriod)), items } };
}
