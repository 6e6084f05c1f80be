/** Sample errors (test data only, see ../sample-kit.ts). */
import { hostile, longTitle, type SectionSample } from '../sample-kit.js';
import type { ErrorRow, ErrorsPart } from './schema.js';

const errorRow = (
  id: number,
  code: string,
  message: string,
  views: number,
  pct: number,
  previousViews: number | null,
  deltaDisplay: string,
): ErrorRow => ({
  id,
  code,
  message,
  description: null,
  views,
  percentage: pct,
  percentageDisplay: `${(pct * 100).toFixed(2)}%`,
  previousViews,
  deltaDisplay,
  lastSeen: '2026-11-22T21:14:00Z',
});

function errors(): ErrorsPart {
  return {
    status: 'ok',
    reason: null,
    items: [
      errorRow(1001, '4', 'MEDIA_ERR_SRC_NOT_SUPPORTED', 212, 0.0044, 180, '+17.8%'),
      errorRow(1002, '2', 'MEDIA_ERR_NETWORK: manifest request failed', 141, 0.0029, 166, '−15.1%'),
      errorRow(1003, '3', 'MEDIA_ERR_DECODE', 77, 0.0016, 79, '−2.5%'),
      errorRow(1004, 'DRM-401', 'License request denied', 52, 0.0011, null, 'N/A'),
      errorRow(1005, '1', 'MEDIA_ERR_ABORTED', 38, 0.0008, 35, '+8.6%'),
    ],
    other: { count: 7, views: 49 },
    totalErrorViews: 569,
  };
}

export const sample: SectionSample<ErrorsPart> = {
  default: errors,
  worstCase: () => ({
    status: 'ok',
    reason: null,
    items: Array.from({ length: 10 }, (_, i) =>
      errorRow(2000 + i, `E${i}`, longTitle(i), 900 - i * 50, 0.01, 800, '+12.5%'),
    ),
    other: { count: 42, views: 311 },
    totalErrorViews: 7_061,
  }),
  empty: () => ({ status: 'ok', reason: null, items: [], other: null, totalErrorViews: 0 }),
  hostile: () => {
    const s = errors();
    return {
      ...s,
      items: s.items.map((x, i) => ({ ...x, message: `${hostile(i)} ${hostile(i + 3)}`, code: hostile(i + 4) })),
    };
  },
};
