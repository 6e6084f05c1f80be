import { describe, expect, it } from 'vitest';
import { foldErrors, type RawError } from '../../../functions/commons/sections/errors/fold.js';

describe('foldErrors', () => {
  const e = (id: number, count: number): RawError => ({
    id,
    code: String(id),
    message: `err ${id}`,
    description: null,
    count,
    percentage: count / 1000,
    lastSeen: null,
  });
  it('top N + Other with change vs previous', () => {
    const out = foldErrors({
      current: [e(1, 10), e(2, 40), e(3, 20), e(4, 20), e(5, 1)],
      previous: [e(2, 50), e(3, 20)],
      topN: 3,
    });
    expect(out.items.map((i) => [i.id, i.views, i.previousViews, i.deltaDisplay])).toEqual([
      [2, 40, 50, '\u221220%'],
      [3, 20, 20, '±0%'],
      [4, 20, 0, 'new'],
    ]);
    expect(out.other).toEqual({ count: 2, views: 11 });
    expect(out.totalErrorViews).toBe(91);
    expect(out.items[0]?.percentageDisplay).toBe('4%');
  });
  it('unknown previous period → N/A', () => {
    const out = foldErrors({ current: [e(1, 10)], previous: null, topN: 5 });
    expect(out.items[0]).toMatchObject({ previousViews: null, deltaDisplay: 'N/A' });
    expect(out.other).toBeNull();
  });
});
