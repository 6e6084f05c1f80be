import { atStart, formatCount, oneLine, safeUrl, segmentName } from '../../format/index.js';
import { base, cap, MAX, type SectionVM } from '../view-kit.js';
import type { InsightsPart } from './schema.js';

export interface InsightVM {
  segment: string;
  metric: string;
  value: string;
  views: string;
  url: string | null;
}

export interface InsightsVM extends SectionVM {
  items: InsightVM[];
  empty: string;
}

export function insightsView(part: InsightsPart): InsightsVM {
  return {
    ...base('Top insights', part),
    empty: 'No segment stood out this period.',
    items: part.items.map((x) => ({
      segment: cap(atStart(segmentName(x.dimension, x.dimensionValue)), MAX.name),
      metric: cap(x.metricLabel, MAX.name),
      value: oneLine(x.display),
      views: `${formatCount(x.views)} views`,
      url: safeUrl(x.url),
    })),
  };
}
