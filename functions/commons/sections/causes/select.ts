/**
 * From the decompositions of one metric to its named causes. A segment is a cause when it carries at least
 * MIN_CAUSE_SHARE of the change, in the change's direction, in a dimension whose decomposition is reliable, and at
 * least CONCENTRATION times its share of views: when every segment moved alike, the biggest one carries a big share
 * only because it is big, and naming it would invent a cause. "Other" is never one (no segment a reader can open). Correlated dimensions name the same views twice (Mobile Safari
 * and iOS, or phone): among the candidates within SAME_SHARE of the best, the smallest segment goes first, the most
 * specific one explaining about as much. At most one cause per dimension, MAX_CAUSES in all.
 */
import type { Decomposition, SegmentShare } from './decompose.js';

export const MIN_CAUSE_SHARE = 0.25;
export const SAME_SHARE = 0.8;
export const MAX_CAUSES = 3;
export const CONCENTRATION = 1.5;

export interface Ranked {
  dimension: string;
  segment: SegmentShare;
  share: number;
}

export function rankCauses(decomps: ReadonlyArray<{ dimension: string; d: Decomposition }>): Ranked[] {
  const best: Ranked[] = [];
  for (const { dimension, d } of decomps) {
    if (!d.reliable || d.total === 0) continue;
    const views = (r: Ranked) => Math.max(r.segment.viewShare, r.segment.previousViewShare);
    const top = d.segments
      .filter((s) => !s.isOther)
      .map((segment) => ({ dimension, segment, share: segment.contribution / d.total }))
      .filter((r) => r.share >= MIN_CAUSE_SHARE && r.share >= CONCENTRATION * views(r))
      .sort((a, b) => b.share - a.share || (a.segment.field < b.segment.field ? -1 : 1))[0];
    if (top) best.push(top);
  }
  best.sort((a, b) => b.share - a.share || (a.dimension < b.dimension ? -1 : 1));
  const first = best[0];
  if (!first) return [];
  const near = best.filter((r) => r.share >= SAME_SHARE * first.share);
  const lead = near.reduce((m, r) => (r.segment.viewShare < m.segment.viewShare ? r : m), near[0]!);
  return [lead, ...best.filter((r) => r !== lead)].slice(0, MAX_CAUSES);
}
