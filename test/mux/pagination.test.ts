import { describe, expect, it } from 'vitest';
import type { MuxEnvelope } from '../../functions/commons/mux/envelope.js';
import { PaginationLimitError, paginate } from '../../functions/commons/mux/pagination.js';

function source(total: number, { reportTotal = true } = {}) {
  const calls: Array<[number, number]> = [];
  const fetchPage = async (page: number, limit: number): Promise<MuxEnvelope<number[]>> => {
    calls.push([page, limit]);
    const start = (page - 1) * limit;
    const data = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => start + i);
    return { data, totalRowCount: reportTotal ? total : null, timeframe: [1, 2] };
  };
  return { calls, fetchPage };
}

describe('paginate', () => {
  it('stops on a short page without an extra request', async () => {
    const s = source(25, { reportTotal: false });
    const r = await paginate(s.fetchPage, { limit: 10 });
    expect(r.items).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(s.calls).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    expect(r).toMatchObject({ pages: 3, truncated: false, totalRowCount: null });
  });

  it('stops once total_row_count rows are collected (exact multiple of limit)', async () => {
    const s = source(20);
    const r = await paginate(s.fetchPage, { limit: 10 });
    expect(r.items).toHaveLength(20);
    expect(s.calls).toHaveLength(2);
  });

  it('stops on an empty page when the total is unknown', async () => {
    const s = source(20, { reportTotal: false });
    const r = await paginate(s.fetchPage, { limit: 10 });
    expect(r.items).toHaveLength(20);
    expect(s.calls).toHaveLength(3);
  });

  it('stops at maxPages and reports truncation, or throws when asked', async () => {
    const s = source(1000);
    const r = await paginate(s.fetchPage, { limit: 10, maxPages: 3 });
    expect(r).toMatchObject({ pages: 3, truncated: true, totalRowCount: 1000 });
    expect(r.items).toHaveLength(30);
    await expect(paginate(source(1000).fetchPage, { limit: 10, maxPages: 2, onMaxPages: 'throw' })).rejects.toThrow(
      PaginationLimitError,
    );
  });
});
