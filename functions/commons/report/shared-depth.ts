/**
 * How deep the shared scorecard collection pages (report/shared-scorecards.ts): the arithmetic that makes listed
 * segments deep in Mux's order (small customers named in `fanOut.values`, `allow`, a large `top`) cost pages, not
 * filtered calls per segment, and never more than the filtered calls would have cost.
 *
 * One walk, the scout (the headline score's breakdown in the current period), pages first and records on which
 * page each wanted segment appears. Sharing to a depth of d pages then costs
 *
 *   cost(d) = fixed + perPage × d + perSegment × missing(d)
 *     fixed      = the 5 `overall` calls of the benchmark
 *     perPage    = the other walks, each reading d pages: 2 periods × M metrics − 1 (23 with the default 12)
 *     perSegment = a segment's scorecard from its own filtered calls (≥ 7: 2 comparisons + 5 overall)
 *     missing(d) = wanted segments not within d pages of the scout (they get filtered calls); 0 once the scout
 *                  read the last page (a segment absent then has no views: "no data", covered)
 *
 * and the depth chosen is the d ≤ the scout's pages with the least cost. The scout's own pages are the price of
 * looking (one call each): it reads page q + 1 only while some wanted segment is unseen, pages remain (Mux's
 * `total_row_count`) and a depth beyond q could still be cheaper than the best so far, i.e. while
 * fixed + perPage × (q + 1) < min over d ≤ q of cost(d). Since cost(d) ≥ fixed + perPage × d, no depth beyond
 * the stopping page beats the choice: the choice is the cheapest depth there is, and the scout reads at most
 * perSegment × N / perPage pages (≈ 0.3 × N with the defaults) even when the wanted segments are nowhere.
 *
 * Example (default metrics, 300 listed customers at ranks 901–1,200 of 1,200, the platform fake): the former
 * walks read ⌈300 / 100⌉ pages + 2 of slack each and left all 300 to filtered calls, 24 × 5 + 5 + 7 × 300 = 2,225
 * calls; the scout reads 12 pages (to the end) and sharing to 12 costs 5 + 23 × 12 = 281, plus the 12 pages of the
 * scout: 293 calls for 300 customers. When no wanted segment is within the chosen depth, neither the other walks
 * nor the benchmark are read (nothing could be covered): the scout's pages, then filtered calls.
 *
 * Not used: a grouped breakdown restricted to the missing segments by repeating `filters[]=<dimension>:<value>`.
 * Mux's filter guide says a repeated dimension means OR, but the OpenAPI contract the client and the fake follow
 * does not; plans cap the filters of a request ("Maximum number of filters for the requested metric is N", 0 on
 * Starter, other caps undocumented) and a report's own filters count too; and 100 values of up to 200 characters
 * do not fit a request line. Paging only uses what the contract describes (`page`, `limit`, `total_row_count`).
 */

export interface DepthModel {
  /** Calls per page of depth: the walks that read to the chosen depth besides the scout. */
  perPage: number;
  /** Calls made whatever the depth (the benchmark). */
  fixed: number;
  /** Calls of one segment's scorecard from its own filtered calls. */
  perSegment: number;
}

/** The calls of one segment's scorecard from filtered calls: 2 comparisons (current, previous) + 5 overall. */
export const FILTERED_SCORECARD_CALLS = 7;

/** The model of a collection with `refs` metric/measurement pairs over 2 periods and `benchmark` overall calls. */
export const depthModel = (refs: number, benchmark: number): DepthModel => ({
  perPage: 2 * refs - 1,
  fixed: benchmark,
  perSegment: FILTERED_SCORECARD_CALLS,
});

/** cost(d) of the formula above, for `missing` segments left to filtered calls. */
export const depthCost = (model: DepthModel, depth: number, missing: number): number =>
  model.fixed + model.perPage * depth + model.perSegment * missing;

export interface DepthChoice {
  /** Pages every other walk reads (≥ 1). */
  depth: number;
  /** cost(depth): the calls besides the scout's pages. */
  cost: number;
}

/**
 * The scout's bookkeeping, page by page: `read` after each page, which says whether to read another; `choice` is
 * the cheapest depth among the pages read.
 */
export class DepthSearch {
  private seen = 0;
  private pages = 0;
  private best: DepthChoice | null = null;

  constructor(
    private readonly wanted: number,
    private readonly model: DepthModel,
  ) {}

  /** Page `pagesRead + 1` was read: `found` wanted segments first appeared on it; `last`: no page follows. */
  read(found: number, last: boolean): boolean {
    this.pages++;
    this.seen += found;
    const missing = last ? 0 : this.wanted - this.seen;
    const cost = depthCost(this.model, this.pages, missing);
    if (this.best === null || cost < this.best.cost) this.best = { depth: this.pages, cost };
    if (last || missing === 0) return false;
    return depthCost(this.model, this.pages + 1, 0) < this.best.cost;
  }

  get pagesRead(): number {
    return this.pages;
  }

  get choice(): DepthChoice {
    if (this.best === null) throw new Error('DepthSearch: no page read yet');
    return this.best;
  }
}
