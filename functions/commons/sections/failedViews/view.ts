import { formatCount, formatInstant, safeUrl } from '../../format/index.js';
import type { ViewContext } from '../section.js';
import { base, cap, MAX, type SectionVM } from '../view-kit.js';
import type { FailedViewsPart } from './schema.js';

export interface FailedViewVM {
  title: string;
  details: string;
  error: string;
  url: string | null;
}

export interface FailedViewsVM extends SectionVM {
  summary: string;
  items: FailedViewVM[];
  empty: string;
}

export function failedViewsView(part: FailedViewsPart, ctx: ViewContext): FailedViewsVM {
  const total = part.totalFailed;
  return {
    ...base('Failed views (sample)', part),
    summary:
      total === null ? `${part.items.length} examples.` : `${part.items.length} of ${formatCount(total)} failed views.`,
    empty: 'No failed views this period.',
    items: part.items.map((v) => ({
      title: cap(v.videoTitle || v.id, MAX.name),
      details: cap(
        [formatInstant(v.viewStart, ctx.timeZone), v.country, v.browser, v.os].filter((x) => x).join(' · '),
        MAX.name,
      ),
      error: cap([v.errorCode, v.errorMessage].filter((x) => x).join(' · '), MAX.name),
      url: safeUrl(v.url),
    })),
  };
}
