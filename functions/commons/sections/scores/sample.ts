/** Sample scores (test data only, see ../sample-kit.ts). */
import type { MetricValue } from '../../snapshot/parts.js';
import { mv, notAvailable, type SectionSample } from '../sample-kit.js';
import type { ScoresPart } from './schema.js';

function scores(): MetricValue[] {
  return [
    mv(
      'viewer_experience_score',
      'Overall Viewer Experience',
      'score',
      'higher_is_better',
      0.82,
      '82',
      0.79,
      '79',
      '+3',
      'better',
      [0.79, '79'],
    ),
    mv(
      'playback_success_score',
      'Playback Success',
      'score',
      'higher_is_better',
      0.97,
      '97',
      0.97,
      '97',
      '±0',
      'flat',
      [0.96, '96'],
    ),
    mv('startup_time_score', 'Startup Time', 'score', 'higher_is_better', 0.71, '71', 0.74, '74', '−3', 'worse', [
      0.7,
      '70',
    ]),
    mv('rebuffer_score', 'Smoothness', 'score', 'higher_is_better', 0.88, '88', 0.81, '81', '+7', 'better', [
      0.84,
      '84',
    ]),
    mv('video_quality_score', 'Video Quality', 'score', 'higher_is_better', 0.76, '76', null, 'N/A', 'N/A', 'n/a', [
      0.78,
      '78',
    ]),
  ];
}

const part = (items: MetricValue[]): ScoresPart => ({ status: 'ok', reason: null, items });

export const sample: SectionSample<ScoresPart> = {
  default: () => part(scores()),
  worstCase: () => part(scores()),
  empty: () => part(scores().map(notAvailable)),
  hostile: () => part(scores()),
};
