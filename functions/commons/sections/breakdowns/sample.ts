/** Sample breakdowns (test data only, see ../sample-kit.ts). */
import { hostile, longTitle, type SectionSample } from '../sample-kit.js';
import type { Breakdown, BreakdownsPart } from './schema.js';

function breakdownRows(
  fields: Array<[string, string, number]>,
  value: (d: string) => number | null,
): Breakdown['rows'] {
  const total = fields.reduce((s, [, , v]) => s + v, 0);
  return fields.map(([field, display, views]) => ({
    field,
    isOther: field === 'Other',
    value: value(display),
    display,
    views,
    viewShare: views / total,
    negativeImpact: null,
  }));
}

const score = (d: string): number | null => (d === 'N/A' ? null : Number.parseInt(d, 10) / 100);

function breakdowns(): Breakdown[] {
  const b = (
    dimension: string,
    dimensionLabel: string,
    rows: Array<[string, string, number]>,
    totalSegments: number,
  ): Breakdown => ({
    dimension,
    dimensionLabel,
    metric: 'viewer_experience_score',
    metricLabel: 'Overall Viewer Experience',
    unit: 'score',
    rows: breakdownRows(rows, score),
    totalSegments,
  });
  return [
    b(
      'country',
      'Country',
      [
        ['FR', '84', 21840],
        ['BE', '83', 6120],
        ['CA', '81', 4870],
        ['CH', '85', 3310],
        ['BR', '64', 1874],
        ['Other', '80', 10199],
      ],
      61,
    ),
    b(
      'browser',
      'Browser',
      [
        ['Chrome', '83', 22410],
        ['Safari', '80', 14220],
        ['Samsung Internet', '61', 2210],
        ['Firefox', '84', 4630],
        ['Edge', '82', 3120],
        ['Other', '79', 1623],
      ],
      14,
    ),
    b(
      'viewer_device_category',
      'Device',
      [
        ['phone', '79', 25110],
        ['desktop', '86', 15420],
        ['tv', '83', 5120],
        ['tablet', '81', 2563],
      ],
      4,
    ),
    b(
      'player_name',
      'Player',
      [
        ['web-main', '83', 39120],
        ['android-app', '77', 6430],
        ['ios-app', '81', 2663],
      ],
      3,
    ),
  ];
}

const part = (items: Breakdown[]): BreakdownsPart => ({ status: 'ok', reason: null, items });

export const sample: SectionSample<BreakdownsPart> = {
  default: () => part(breakdowns()),
  // 8 dimensions (the configuration's maximum) × 10 segments + Other.
  worstCase: () =>
    part(
      Array.from({ length: 8 }, (_, d) => ({
        dimension: `dimension_${d}`,
        dimensionLabel: longTitle(d),
        metric: 'viewer_experience_score',
        metricLabel: 'Overall Viewer Experience',
        unit: 'score',
        rows: breakdownRows(
          [
            ...Array.from({ length: 10 }, (_, i): [string, string, number] => [
              longTitle(d * 10 + i),
              String(90 - i),
              10_000 - i * 900,
            ]),
            ['Other', '77', 4_321],
          ],
          score,
        ),
        totalSegments: 250,
      })),
    ),
  empty: () => part([]),
  hostile: () =>
    part(
      breakdowns().map((b, bi) => ({
        ...b,
        dimensionLabel: `${b.dimensionLabel} ${hostile(bi)}`,
        rows: b.rows.map((r, i) => (r.isOther ? r : { ...r, field: `${hostile(i + bi)} ${hostile(i + bi + 5)}` })),
      })),
    ),
};
