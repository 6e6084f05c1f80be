import { formatCount, oneLine } from '../../format/index.js';
import type { Verdict } from '../../snapshot/parts.js';
import { base, cap, type DeltaVM, delta, MAX, type SectionVM } from '../view-kit.js';
import type { ErrorsPart } from './schema.js';

export interface ErrorVM {
  label: string;
  views: string;
  share: string;
  delta: DeltaVM;
  isOther: boolean;
}

export interface ErrorsVM extends SectionVM {
  summary: string;
  items: ErrorVM[];
  empty: string;
}

/** Error view counts: more is worse. The snapshot has no verdict for them, so the sign decides. */
function errorDelta(deltaDisplay: string): DeltaVM {
  const v: Verdict = deltaDisplay.startsWith('+')
    ? 'worse'
    : deltaDisplay.startsWith('−') || deltaDisplay.startsWith('-')
      ? 'better'
      : 'n/a';
  return delta(deltaDisplay, v);
}

export function errorsView(part: ErrorsPart): ErrorsVM {
  return {
    ...base('Top playback errors', part),
    summary: `${formatCount(part.totalErrorViews)} views ended with an error.`,
    empty: 'No playback errors this period.',
    items: [
      ...part.items.map((e) => ({
        label: cap(e.code ? `${e.code} · ${e.message}` : e.message, MAX.name),
        views: formatCount(e.views),
        share: oneLine(e.percentageDisplay),
        delta: errorDelta(e.deltaDisplay),
        isOther: false,
      })),
      ...(part.other
        ? [
            {
              label: `Other (${formatCount(part.other.count)} error type${part.other.count === 1 ? '' : 's'})`,
              views: formatCount(part.other.views),
              share: '',
              delta: delta('', 'n/a'),
              isOther: true,
            },
          ]
        : []),
    ],
  };
}
