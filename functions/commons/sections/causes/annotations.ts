/**
 * The annotations (deploys, releases) dated in the period: one page, asked with the same arguments by the causes
 * section (next to the causes) and the trend (as markers), so the memoised source makes one call for both.
 */
import { formatInstant } from '../../format/index.js';
import type { SectionContext } from '../section.js';
import type { AnnotationMark } from './schema.js';

/** One page: more than 100 annotations in one report period is not a week anyone reads marker by marker. */
export const ANNOTATION_LIMIT = 100;

export async function periodAnnotations(ctx: SectionContext): Promise<AnnotationMark[]> {
  const res = await ctx.source.annotations(ctx.span, { limit: ANNOTATION_LIMIT });
  return res.data
    .filter((a) => !Number.isNaN(Date.parse(a.date)))
    .map((a) => ({
      id: a.id,
      date: new Date(Date.parse(a.date)).toISOString(),
      label: formatInstant(a.date, ctx.period.timeZone),
      note: a.note,
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}
