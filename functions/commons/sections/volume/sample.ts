/** Sample volume (test data only, see ../sample-kit.ts). */
import type { MetricValue } from '../../snapshot/parts.js';
import { mv, notAvailable, type SectionSample } from '../sample-kit.js';
import type { VolumePart } from './schema.js';

function volume(): MetricValue[] {
  return [
    mv('views', 'Views', 'count', 'neutral', 48213, '48,213', 46312, '46,312', '+4.1%', 'flat'),
    mv('unique_viewers', 'Unique viewers', 'count', 'neutral', 17604, '17,604', 17950, '17,950', '−1.9%', 'flat'),
    mv('playing_time', 'Watch time', 'ms', 'neutral', 1_112_400_000, '309 h', 1_051_200_000, '292 h', '+5.8%', 'flat'),
  ];
}

const part = (items: MetricValue[]): VolumePart => ({ status: 'ok', reason: null, items });

export const sample: SectionSample<VolumePart> = {
  default: () => part(volume()),
  worstCase: () => part(volume()),
  // No views: counts are 0, not missing.
  empty: () =>
    part(volume().map((m) => ({ ...notAvailable(m), value: 0, display: m.metric === 'playing_time' ? '0 h' : '0' }))),
  hostile: () => part(volume()),
};
