import { describe, expect, it } from 'vitest';
import { bucketForPath, Semaphore, SharedLimiter, TokenBucket } from '../../functions/commons/mux/rate-limiter.js';

async function takeTimes(bucket: TokenBucket, n: number): Promise<number[]> {
  const start = Date.now();
  return Promise.all(Array.from({ length: n }, () => bucket.acquire().then(() => Date.now() - start)));
}

describe('TokenBucket', () => {
  it('allows a burst of `rate` then spaces takers at 1/rate', async () => {
    const times = await takeTimes(new TokenBucket(10), 15);
    // 10 immediately…
    for (const t of times.slice(0, 10)) expect(t).toBeLessThan(40);
    // …then roughly one every 100 ms: the 15th around 500 ms.
    expect(times[10]).toBeGreaterThanOrEqual(85);
    expect(times[14]).toBeGreaterThanOrEqual(480);
    expect(times[14]).toBeLessThan(750);
    // FIFO: completion times are non-decreasing in request order.
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('blocks every taker while paused', async () => {
    const bucket = new TokenBucket(50);
    const start = Date.now();
    bucket.pauseUntil(start + 300);
    bucket.pauseUntil(start + 100); // never shortens
    await bucket.acquire();
    expect(Date.now() - start).toBeGreaterThanOrEqual(295);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});

describe('SharedLimiter', () => {
  it('routes monitoring and realtime paths to the monitoring bucket', async () => {
    expect(bucketForPath('/data/v1/monitoring/metrics')).toBe('monitoring');
    expect(bucketForPath('/data/v1/realtime/dimensions')).toBe('monitoring');
    expect(bucketForPath('/data/v1/metrics/views/overall')).toBe('data');
    const limiter = new SharedLimiter({ dataPerSecond: 100, monitoringPerSecond: 2 });
    const start = Date.now();
    await Promise.all([0, 1, 2].map(() => limiter.acquire('/data/v1/monitoring/metrics')));
    const monitoringMs = Date.now() - start;
    expect(monitoringMs).toBeGreaterThanOrEqual(450); // third token after ~500 ms at 2/s
    expect(limiter.data.available()).toBeGreaterThan(99); // data bucket untouched
  });
});

describe('Semaphore', () => {
  it('never runs more than `limit` tasks at once', async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        sem.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 20));
          order.push(i);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(sem.inFlight).toBe(0);
  });
});
