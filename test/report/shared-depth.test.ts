/**
 * The depth of the shared scorecard collection (report/shared-depth.ts): page by page, the scout stops exactly
 * when no deeper depth can be cheaper, so its choice is the cheapest depth over ALL pages (as if every segment's
 * page were known in advance), it reads no page once every wanted segment is seen, and it reads at most
 * perSegment × N / perPage pages when the wanted segments are nowhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DepthModel,
  DepthSearch,
  depthCost,
  depthModel,
  FILTERED_SCORECARD_CALLS,
} from '../../functions/commons/report/shared-depth.js';

/** A universe: `pages` pages of rows; each wanted segment is on a page (1-based) or nowhere (null). */
interface World {
  pages: number;
  at: (number | null)[];
  model: DepthModel;
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    pages: fc.integer({ min: 1, max: 60 }),
    refs: fc.integer({ min: 1, max: 30 }),
    benchmark: fc.integer({ min: 0, max: 10 }),
    n: fc.integer({ min: 0, max: 400 }),
  })
  .chain(({ pages, refs, benchmark, n }) =>
    fc.record({
      pages: fc.constant(pages),
      model: fc.constant(depthModel(refs, benchmark)),
      at: fc.array(fc.option(fc.integer({ min: 1, max: pages }), { nil: null, freq: 4 }), {
        minLength: n,
        maxLength: n,
      }),
    }),
  );

/** The scout over a world: the pages it reads and its choice. */
function scout(world: World): { read: number; depth: number; cost: number } {
  const search = new DepthSearch(world.at.length, world.model);
  for (let page = 1; ; page++) {
    const found = world.at.filter((p) => p === page).length;
    if (!search.read(found, page === world.pages)) break;
  }
  return { read: search.pagesRead, ...search.choice };
}

/** cost(d) with full knowledge: segments on pages ≤ d are shared; at the last page absent ones are "no data". */
function trueCost(world: World, d: number): number {
  const missing = d === world.pages ? 0 : world.at.filter((p) => p === null || p > d).length;
  return depthCost(world.model, d, missing);
}

describe('shared scorecards: the depth the scout chooses', () => {
  it('is the cheapest depth over every page, found without reading past it needlessly', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { read, depth, cost } = scout(world);
        const costs = Array.from({ length: world.pages }, (_, i) => trueCost(world, i + 1));
        expect(cost).toBe(Math.min(...costs));
        expect(cost).toBe(trueCost(world, depth));
        expect(depth).toBeGreaterThanOrEqual(1);
        expect(depth).toBeLessThanOrEqual(read);
        expect(read).toBeLessThanOrEqual(world.pages);
        // Never a page after every wanted segment was seen.
        const deepest = world.at.some((p) => p === null) ? world.pages : Math.max(1, ...(world.at as number[]));
        expect(read).toBeLessThanOrEqual(deepest);
        // Never worse than reading one page and filtering everything else (today's floor).
        expect(cost).toBeLessThanOrEqual(trueCost(world, 1));
        // The price of looking: the pages read beyond the first stay below perSegment × N / perPage.
        const { perPage, perSegment } = world.model;
        expect(perPage * (read - 1)).toBeLessThanOrEqual(perSegment * world.at.length);
      }),
    );
  });

  it('300 listed customers on the last 3 of 12 pages: share to the end, 281 calls beside the scout', () => {
    const model = depthModel(12, 5);
    const world: World = { pages: 12, at: Array.from({ length: 300 }, (_, i) => 10 + Math.floor(i / 100)), model };
    expect(scout(world)).toEqual({ read: 12, depth: 12, cost: 5 + 23 * 12 });
    // What the former walk cost them: 3 pages + 2 of slack for each of the 24 walks, then filtered calls each.
    expect(24 * 5 + 5 + FILTERED_SCORECARD_CALLS * 300).toBe(2225);
  });

  it('two customers on page 9 are cheaper filtered: the scout stops after the first page', () => {
    const model = depthModel(12, 5);
    const world: World = { pages: 12, at: [1, 9, 9], model };
    expect(scout(world)).toEqual({ read: 1, depth: 1, cost: 5 + 23 + 2 * FILTERED_SCORECARD_CALLS });
  });
});
