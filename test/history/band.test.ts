/** The normal band (median ± 3 × MAD over ≥ 8 periods), property-tested. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_BAND_PERIODS, normalBand, outsideBand } from '../../functions/commons/sections/history/band.js';

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
  minLength: MIN_BAND_PERIODS,
  maxLength: 60,
});

describe('normalBand', () => {
  it('needs 8 periods', () => {
    expect(normalBand([1, 2, 3, 4, 5, 6, 7])).toBeNull();
    expect(normalBand([1, 2, 3, 4, 5, 6, 7, 8])).toEqual({ median: 4.5, low: -1.5, high: 10.5, periods: 8 });
  });

  it('holds the median and at least half the periods; moves with a shift', () => {
    fc.assert(
      fc.property(values, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (xs, c) => {
        const band = normalBand(xs)!;
        expect(band.low).toBeLessThanOrEqual(band.median);
        expect(band.median).toBeLessThanOrEqual(band.high);
        const inside = xs.filter((x) => outsideBand(x, band) === null).length;
        expect(inside * 2).toBeGreaterThanOrEqual(xs.length);
        const shifted = normalBand(xs.map((x) => x + c))!;
        expect(shifted.median).toBeCloseTo(band.median + c, 3);
        expect(shifted.high - shifted.low).toBeCloseTo(band.high - band.low, 3);
      }),
    );
  });

  it('one bad period among twelve is flagged, the ordinary ones are not', () => {
    const weeks = [1200, 1210, 1190, 1230, 1205, 1215, 1199, 1185, 1220, 1208, 1195];
    const band = normalBand(weeks)!;
    expect(weeks.every((w) => outsideBand(w, band) === null)).toBe(true);
    expect(outsideBand(1612, band)).toBe('above');
    expect(outsideBand(900, band)).toBe('below');
    expect(outsideBand(null, band)).toBeNull();
  });
});
