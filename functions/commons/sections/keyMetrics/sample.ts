/** Sample key metrics (test data only, see ../sample-kit.ts). */
import type { MetricValue } from '../../snapshot/parts.js';
import { hostile, longTitle, mv, notAvailable, type SectionSample } from '../sample-kit.js';
import type { KeyMetricsPart } from './schema.js';

function keyMetrics(): MetricValue[] {
  return [
    mv(
      'video_startup_time',
      'Video startup time',
      'ms',
      'lower_is_better',
      1210,
      '1.21 s',
      1090,
      '1.09 s',
      '+120 ms',
      'worse',
      null,
      'median',
    ),
    mv(
      'video_startup_time',
      'Video startup time',
      'ms',
      'lower_is_better',
      4380,
      '4.38 s',
      4520,
      '4.52 s',
      '−140 ms',
      'better',
      null,
      '95th',
    ),
    mv(
      'rebuffer_percentage',
      'Rebuffering',
      'percentage',
      'lower_is_better',
      0.0041,
      '0.41%',
      0.0062,
      '0.62%',
      '−0.21 pp',
      'better',
    ),
    mv(
      'playback_failure_percentage',
      'Playback failures',
      'percentage',
      'lower_is_better',
      0.0118,
      '1.18%',
      0.0121,
      '1.21%',
      '−0.03 pp',
      'flat',
    ),
    mv(
      'exits_before_video_start',
      'Exits before video start',
      'percentage',
      'lower_is_better',
      0.0532,
      '5.32%',
      0.0488,
      '4.88%',
      '+0.44 pp',
      'worse',
    ),
    mv('upscale_percentage', 'Upscaling', 'percentage', 'lower_is_better', 0.0213, '2.13%', null, 'N/A', 'N/A', 'n/a'),
  ];
}

/** The widest row at 320 px: three figures in Mbps/kbps beside a three-word label (test/render/look.test.ts). */
const bitrate = (): MetricValue =>
  mv(
    'weighted_average_bitrate',
    'Weighted average bitrate',
    'bps',
    'higher_is_better',
    3_612_000,
    '3.6 Mbps',
    3_388_000,
    '3.4 Mbps',
    '+224 kbps',
    'better',
    null,
    'median',
  );

const part = (items: MetricValue[]): KeyMetricsPart => ({ status: 'ok', reason: null, items });

export const sample: SectionSample<KeyMetricsPart> = {
  default: () => part(keyMetrics()),
  // 12 rows (the configuration's maximum), the second half with long labels, the last the widest in figures.
  worstCase: () =>
    part([
      ...[...keyMetrics(), ...keyMetrics().slice(0, 5)].map((m, i) => ({
        ...m,
        label: i < 6 ? m.label : longTitle(i),
      })),
      bitrate(),
    ]),
  empty: () => part(keyMetrics().map(notAvailable)),
  hostile: () => part(keyMetrics().map((m, i) => ({ ...m, label: `${m.label} ${hostile(i)}` }))),
};
