/** Sample incidents (test data only, see ../sample-kit.ts). */
import { DASHBOARD, hostile, longTitle, type SectionSample } from '../sample-kit.js';
import type { Incident, IncidentsPart } from './schema.js';

const incident = (
  id: string,
  severity: string,
  inPeriod: Incident['inPeriod'],
  description: string,
  affectedViews: number | null,
  startedAt: string,
  resolvedAt: string | null,
): Incident => ({
  id,
  status: resolvedAt ? 'closed' : 'open',
  severity,
  startedAt,
  resolvedAt,
  inPeriod,
  description,
  impact: affectedViews ? `${affectedViews} views affected` : null,
  measurement: 'playback_failure_percentage',
  measuredValue: 0.084,
  threshold: 0.05,
  affectedViews,
  breakdowns: [{ name: 'country', value: 'BR' }],
  relatedCount: resolvedAt ? null : 2,
  url: `${DASHBOARD}/incidents/${id}`,
});

function incidents(): IncidentsPart {
  return {
    status: 'ok',
    reason: null,
    opened: 2,
    resolved: 2,
    stillOpen: 1,
    items: [
      incident(
        'inc_7Hq2',
        'critical',
        'ongoing',
        'Playback failures above 5% in BR',
        1432,
        '2026-11-21T18:04:00Z',
        null,
      ),
      incident(
        'inc_6Pa9',
        'warning',
        'opened_and_resolved',
        'Startup time above 3 s on Safari',
        612,
        '2026-11-18T07:12:00Z',
        '2026-11-18T09:40:00Z',
      ),
      incident(
        'inc_5Zk1',
        'warning',
        'resolved',
        'Rebuffering above 2% on edge-fra-2',
        287,
        '2026-11-14T22:30:00Z',
        '2026-11-16T03:05:00Z',
      ),
    ],
  };
}

export const sample: SectionSample<IncidentsPart> = {
  default: incidents,
  worstCase: () => ({
    ...incidents(),
    opened: 10,
    resolved: 6,
    stillOpen: 4,
    items: Array.from({ length: 10 }, (_, i) =>
      incident(
        `inc_${i}`,
        i % 3 ? 'warning' : 'critical',
        i < 4 ? 'ongoing' : 'opened_and_resolved',
        longTitle(i),
        10_000 + i,
        '2026-10-02T08:00:00Z',
        i < 4 ? null : '2026-10-03T08:00:00Z',
      ),
    ),
  }),
  empty: () => ({ status: 'ok', reason: null, opened: 0, resolved: 0, stillOpen: 0, items: [] }),
  hostile: () => {
    const s = incidents();
    return {
      ...s,
      items: s.items.map((x, i) => ({ ...x, description: `${hostile(i + 2)} line1\r\nline2`, severity: hostile(i) })),
    };
  },
};
