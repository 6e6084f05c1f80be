/**
 * The shift-share decomposition (sections/causes/decompose.ts) and the cause selection (select.ts): exact for
 * view-weighted means whatever the segments (property), "Other" for small and unlisted segments, and no cause claimed
 * when nothing stands out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decompose, type Side } from '../../../functions/commons/sections/causes/decompose.js';
import { rankCauses } from '../../../functions/commons/sections/causes/select.js';

interface Seg {
  views: number;
  value: number;
}

/** A period of `segs` as Mux would answer it: the overall is the views-weighted mean of all of them. */
function side(fields: string[], segs: Seg[], listed: number): Side {
  const views = segs.reduce((s, x) => s + x.views, 0);
  const value = views > 0 ? segs.reduce((s, x) => s + x.views * x.value, 0) / views : 0;
  const rows = fields
    .map((field, i) => ({ field, value: segs[i]!.views > 0 ? segs[i]!.value : null, views: segs[i]!.views }))
    .sort((a, b) => b.views - a.views)
    .slice(0, listed);
  return { rows, complete: listed >= fields.length, value, views };
}

const seg = fc.record({ views: fc.integer({ min: 0, max: 5000 }), value: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('decompose', () => {
  it('for view-weighted means, rate + mix of every segment (Other included) add up to the total change', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(seg, seg), { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 0, max: 800 }),
        (pairs, listedCur, listedPrev, minViews) => {
          const fields = pairs.map((_, i) => `s${i}`);
          const cur = pairs.map(([c]) => c);
          const prev = pairs.map(([, p]) => p);
          fc.pre(cur.some((c) => c.views > 0) && prev.some((p) => p.views > 0));
          const current = side(fields, cur, listedCur);
          const previous = side(fields, prev, listedPrev);
          const d = decompose({ current, previous, minViews, additive: true });
          const sum = d.segments.reduce((s, x) => s + x.contribution, 0);
          const rateMix = d.segments.reduce((s, x) => s + x.rate + x.mix, 0);
          const change = current.value - previous.value;
          expect(Math.abs(sum - change)).toBeLessThan(1e-9);
          expect(Math.abs(rateMix - change)).toBeLessThan(1e-9);
          expect(Math.abs(d.total - change)).toBeLessThan(1e-9);
          expect(d.reliable).toBe(true);
          // Small segments are never listed on their own.
          for (const s of d.segments)
            if (!s.isOther) expect(Math.max(s.views, s.previousViews)).toBeGreaterThanOrEqual(minViews);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits a segment that got worse (rate) from one that got bigger (mix)', () => {
    const fields = ['A', 'B'];
    // A: 0.9 → 0.7 at the same size; B grows from 100 to 300 views at 0.5 (below the mean).
    const d = decompose({
      current: side(
        fields,
        [
          { views: 300, value: 0.7 },
          { views: 300, value: 0.5 },
        ],
        2,
      ),
      previous: side(
        fields,
        [
          { views: 300, value: 0.9 },
          { views: 100, value: 0.5 },
        ],
        2,
      ),
      minViews: 0,
      additive: true,
    });
    const a = d.segments.find((s) => s.field === 'A')!;
    const b = d.segments.find((s) => s.field === 'B')!;
    expect(b.rate).toBe(0);
    expect(b.mix).toBeLessThan(0);
    expect(a.rate).toBeLessThan(0);
    expect(a.rate + a.mix + b.rate + b.mix).toBeCloseTo(0.6 - 0.8, 12);
  });

  it('folds small segments and the ones Mux did not list into Other, whose value is what the overall leaves', () => {
    // big and small are listed (small under minViews), unlisted is past the page Mux returned.
    const fields = ['big', 'small', 'unlisted'];
    const cur = [
      { views: 1000, value: 0.8 },
      { views: 150, value: 0.1 },
      { views: 50, value: 0.6 },
    ];
    const prev = [
      { views: 1000, value: 0.8 },
      { views: 150, value: 0.9 },
      { views: 50, value: 0.6 },
    ];
    const d = decompose({
      current: side(fields, cur, 2),
      previous: side(fields, prev, 2),
      minViews: 200,
      additive: true,
    });
    expect(d.segments.map((s) => s.field).sort()).toEqual(['Other', 'big']);
    const other = d.segments.find((s) => s.isOther)!;
    expect(other.views).toBe(200);
    expect(other.value).toBeCloseTo((150 * 0.1 + 50 * 0.6) / 200, 12);
    expect(other.contribution).toBeCloseTo(d.total, 12);
  });

  it('a median whose segments move the other way than the overall explains nothing', () => {
    const fields = ['A', 'B'];
    const current: Side = {
      ...side(
        fields,
        [
          { views: 500, value: 900 },
          { views: 500, value: 1100 },
        ],
        2,
      ),
      value: 1200,
    };
    const previous: Side = {
      ...side(
        fields,
        [
          { views: 500, value: 1000 },
          { views: 500, value: 1200 },
        ],
        2,
      ),
      value: 1000,
    };
    const d = decompose({ current, previous, minViews: 0, additive: false });
    expect(d.reliable).toBe(false);
    expect(rankCauses([{ dimension: 'browser', d }])).toEqual([]);
  });
});

describe('rankCauses', () => {
  it('claims no cause when every segment moved alike (the biggest is big, not special)', () => {
    const fields = ['US', 'GB', 'DE', 'FR'];
    const views = [4000, 3000, 2000, 1000];
    const d = decompose({
      current: side(
        fields,
        views.map((v) => ({ views: v, value: 0.05 })),
        4,
      ),
      previous: side(
        fields,
        views.map((v) => ({ views: v, value: 0.03 })),
        4,
      ),
      minViews: 100,
      additive: true,
    });
    expect(d.total).toBeCloseTo(0.02, 12);
    expect(rankCauses([{ dimension: 'country', d }])).toEqual([]);
  });

  it('names the segment that moved, and the most specific of two that explain as much', () => {
    // browser Safari (20% of views) carries all of it; device phone (40%) holds every Safari view.
    const mk = (fields: string[], views: number[], now: number[], before: number[]) =>
      decompose({
        current: side(
          fields,
          views.map((v, i) => ({ views: v, value: now[i]! })),
          fields.length,
        ),
        previous: side(
          fields,
          views.map((v, i) => ({ views: v, value: before[i]! })),
          fields.length,
        ),
        minViews: 0,
        additive: true,
      });
    const browser = mk(['Safari', 'Chrome'], [200, 800], [0.6, 0.8], [0.8, 0.8]);
    const device = mk(['phone', 'desktop'], [400, 600], [0.7, 0.8], [0.8, 0.8]);
    const ranked = rankCauses([
      { dimension: 'viewer_device_category', d: device },
      { dimension: 'browser', d: browser },
    ]);
    expect(ranked.map((r) => `${r.dimension}:${r.segment.field}`)).toEqual([
      'browser:Safari',
      'viewer_device_category:phone',
    ]);
    expect(ranked[0]!.share).toBeCloseTo(1, 9);
  });
});
