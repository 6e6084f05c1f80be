/** Sample failed views (test data only, see ../sample-kit.ts). */
import { DASHBOARD, HOSTILE_STRINGS, hostile, longTitle, type SectionSample } from '../sample-kit.js';
import type { FailedView, FailedViewsPart } from './schema.js';

const failedView = (
  i: number,
  videoTitle: string,
  country: string,
  browser: string,
  os: string,
  errorCode: string,
  errorMessage: string,
): FailedView => ({
  id: `v_${(0x4f3a2b + i * 7919).toString(16)}`,
  viewStart: new Date(Date.UTC(2026, 10, 16 + (i % 7), 8 + i, 12)).toISOString(),
  viewEnd: new Date(Date.UTC(2026, 10, 16 + (i % 7), 8 + i, 13)).toISOString(),
  videoTitle,
  country,
  browser,
  os,
  errorTypeId: 1001 + (i % 5),
  errorCode,
  errorMessage,
  url: `${DASHBOARD}/views/v_${(0x4f3a2b + i * 7919).toString(16)}`,
});

function failedViews(): FailedViewsPart {
  return {
    status: 'ok',
    reason: null,
    totalFailed: 569,
    items: [
      failedView(0, 'Le Grand Match — replay', 'BR', 'Chrome', 'Android', '4', 'MEDIA_ERR_SRC_NOT_SUPPORTED'),
      failedView(
        1,
        'Journal de 20 h',
        'FR',
        'Samsung Internet',
        'Android',
        '2',
        'MEDIA_ERR_NETWORK: manifest request failed',
      ),
      failedView(2, 'Cuisine facile, épisode 12', 'BE', 'Safari', 'iOS', '3', 'MEDIA_ERR_DECODE'),
    ],
  };
}

export const sample: SectionSample<FailedViewsPart> = {
  default: failedViews,
  worstCase: () => ({
    status: 'ok',
    reason: null,
    totalFailed: 7_061,
    items: Array.from({ length: 20 }, (_, i) =>
      failedView(i, longTitle(i), 'BR', 'Samsung Internet', 'Android', `E${i}`, longTitle(i + 50)),
    ),
  }),
  empty: () => ({ status: 'ok', reason: null, totalFailed: 0, items: [] }),
  hostile: () => {
    const s = failedViews();
    const all = HOSTILE_STRINGS.join(' ');
    return {
      ...s,
      items: s.items.map((v, i) => ({
        ...v,
        videoTitle: all,
        country: hostile(i),
        browser: hostile(i + 1),
        os: 'שלום \u202E evil',
        errorMessage: `${hostile(i + 2)}\r\n${hostile(i + 3)}`,
        url: `${v.url}"><img src=x onerror=alert(1)>`,
      })),
    };
  },
};
