/**
 * Page/limit walking for Mux Data list endpoints (no cursors). Unlike the official SDK (which stops only on an
 * empty page, always paying one extra request), this stops on the first short page, on an empty page, or once
 * `total_row_count` rows were collected — and never fetches more than `maxPages` pages.
 */
import type { MuxEnvelope } from './envelope.js';

export interface PaginateOptions {
  /** Page size sent to Mux (default 100; Mux's own default is 25). */
  limit?: number;
  /** Hard bound on requests (default 20). */
  maxPages?: number;
  /** What to do when more pages remain after `maxPages`: `'stop'` (default, `truncated: true`) or `'throw'`. */
  onMaxPages?: 'stop' | 'throw';
}

export interface PaginateResult<T> {
  items: T[];
  pages: number;
  /** Mux's `total_row_count` from the last page (null if not sent). */
  totalRowCount: number | null;
  /** True when `maxPages` stopped the walk before the end. */
  truncated: boolean;
}

export class PaginationLimitError extends Error {
  override readonly name = 'PaginationLimitError';
  constructor(readonly maxPages: number) {
    super(`more than ${maxPages} pages: refusing to fetch further`);
  }
}

export async function paginate<T>(
  fetchPage: (page: number, limit: number) => Promise<MuxEnvelope<readonly T[], unknown>>,
  options: PaginateOptions = {},
): Promise<PaginateResult<T>> {
  const limit = options.limit ?? 100;
  const maxPages = options.maxPages ?? 20;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer >= 1 (got ${limit})`);
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError(`maxPages must be >= 1 (got ${maxPages})`);
  const items: T[] = [];
  let totalRowCount: number | null = null;
  for (let page = 1; page <= maxPages; page += 1) {
    const res = await fetchPage(page, limit);
    totalRowCount = res.totalRowCount;
    items.push(...res.data);
    const done =
      res.data.length === 0 || res.data.length < limit || (totalRowCount !== null && items.length >= totalRowCount);
    if (done) return { items, pages: page, totalRowCount, truncated: false };
  }
  if (options.onMaxPages === 'throw') throw new PaginationLimitError(maxPages);
  return { items, pages: maxPages, totalRowCount, truncated: true };
}
