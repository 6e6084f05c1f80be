/** Sample insights (test data only, see ../sample-kit.ts). */
import { DASHBOARD, hostile, longTitle, type SectionSample } from '../sample-kit.js';
import type { Insight, InsightsPart } from './schema.js';

const insight = (
  metricLabel: string,
  dimension: string,
  dimensionValue: string,
  display: string,
  views: number,
  impact: number,
): Insight => ({
  metric: 'viewer_experience_score',
  metricLabel,
  dimension,
  dimensionValue,
  value: Number.parseFloat(display) / 100,
  display,
  negativeImpactScore: impact,
  views,
  url: `${DASHBOARD}/metrics/viewer_experience_score/insights?dimension=${encodeURIComponent(dimension)}`,
});

function insights(): Insight[] {
  return [
    insight('Overall Viewer Experience', 'Browser', 'Samsung Internet', '61', 2210, 0.31),
    insight('Overall Viewer Experience', 'Country', 'BR', '64', 1874, 0.22),
    insight('Overall Viewer Experience', 'Player version', '8.2.0-beta', '66', 1312, 0.17),
    insight('Overall Viewer Experience', 'Operating system', 'Android 10', '70', 4120, 0.12),
    insight('Overall Viewer Experience', 'CDN', 'edge-fra-2', '74', 3301, 0.08),
  ];
}

const part = (items: Insight[]): InsightsPart => ({ status: 'ok', reason: null, items });

export const sample: SectionSample<InsightsPart> = {
  default: () => part(insights()),
  worstCase: () =>
    part(
      Array.from({ length: 10 }, (_, i) =>
        insight(longTitle(i), longTitle(i + 10), longTitle(i + 20), '61', 2210 - i, 0.3 - i / 100),
      ),
    ),
  empty: () => part([]),
  hostile: () =>
    part(
      insights().map((x, i) => ({
        ...x,
        dimensionValue: `${hostile(i)} ${hostile(i + 1)}`,
        url: i === 0 ? 'javascript:alert(1)' : `${x.url}&q="><script>alert(1)</script>`,
      })),
    ),
};
