import { base, type MetricVM, metricVM, type SectionVM } from '../view-kit.js';
import type { ScoresPart } from './schema.js';

export interface ScoresVM extends SectionVM {
  overall: MetricVM | null;
  subScores: MetricVM[];
}

export function scoresView(part: ScoresPart): ScoresVM {
  const items = part.items.map(metricVM);
  const overallIdx = part.items.findIndex((m) => m.metric === 'viewer_experience_score');
  return {
    ...base('Viewer experience', part),
    overall: overallIdx >= 0 ? items[overallIdx]! : null,
    subScores: items.filter((_, i) => i !== overallIdx),
  };
}
