import { describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import {
  defaultSnapshot,
  emptySnapshot,
  hostileSnapshot,
  hourlySnapshot,
  partialSnapshot,
  worstCaseSnapshot,
} from '../helpers/sample-snapshots.js';

const factories = {
  defaultSnapshot,
  worstCaseSnapshot,
  emptySnapshot,
  hostileSnapshot,
  partialSnapshot,
  hourlySnapshot,
};

describe('sample snapshots', () => {
  for (const [name, make] of Object.entries(factories)) {
    it(`${name} passes the snapshot schema and keeps its period epochs consistent`, () => {
      const s = snapshotSchema.parse(make());
      for (const p of [s.period, s.previousPeriod]) {
        expect(Date.parse(p.start) / 1000).toBe(p.startEpoch);
        expect(Date.parse(p.end) / 1000).toBe(p.endEpoch);
      }
    });
  }

  it('worst case has every list at its maximum', () => {
    const s = worstCaseSnapshot();
    expect(s.insights.items).toHaveLength(10);
    expect(s.errors.items).toHaveLength(10);
    expect(s.errors.other).not.toBeNull();
    expect(s.breakdowns.items).toHaveLength(8);
    for (const b of s.breakdowns.items) expect(b.rows).toHaveLength(11);
    expect(s.trend.points).toHaveLength(31);
    expect(s.failedViews.items).toHaveLength(20);
    expect(s.incidents.items).toHaveLength(10);
    expect([...s.failedViews.items[0]!.videoTitle]).toHaveLength(120);
    expect(hourlySnapshot().trend.points).toHaveLength(24);
  });

  it('factories return fresh objects', () => {
    const a = defaultSnapshot();
    a.scores.items.length = 0;
    expect(defaultSnapshot().scores.items.length).toBe(5);
  });
});
