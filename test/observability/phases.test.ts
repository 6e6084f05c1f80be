/** Phase timings (observability/phases.ts): what the "invocation phases" log line reports. */
import { describe, expect, it } from 'vitest';
import { phaseTimes, startPhases, timed, timedSync } from '../../functions/commons/observability/phases.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spin: the phase must see this time.
  }
};

describe('phases', () => {
  it('reports what init timed with the first invocation only, and each invocation its own phases', async () => {
    timedSync('config', () => busy(5));
    const init = startPhases();
    expect(init?.config).toBeGreaterThanOrEqual(5);
    expect(phaseTimes()).toEqual({});

    await timed('mux', async () => busy(3));
    await timed('mux', async () => busy(2));
    await expect(timed('aws', async () => Promise.reject(new Error('S3 down')))).rejects.toThrow('S3 down');
    const times = phaseTimes();
    expect(times.mux).toBeGreaterThanOrEqual(5);
    expect(Object.keys(times).sort()).toEqual(['aws', 'mux']);

    expect(startPhases()).toBeUndefined();
    expect(phaseTimes()).toEqual({});
  });
});
