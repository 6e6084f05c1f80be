/**
 * The limiter on a manual clock (no wall-clock dependence): pacing below the server's limit, FIFO, pauses,
 * server reports (Remaining/Limit/Reset), and a simulation of the margin claim of rate-limiter.ts: requests delayed
 * by up to 200 ms on their way never meet an empty server bucket.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketForPath,
  type Clock,
  clientPacing,
  DEFAULT_JITTER_TOLERANCE_MS,
  type Permit,
  Semaphore,
  SharedLimiter,
  TokenBucket,
} from '../../functions/commons/mux/rate-limiter.js';

/** Lets every pending promise continuation run (microtasks drain before a macrotask). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that only moves when told: timers fire in time order, promise chains settle between them. */
class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** A stalled event loop: time jumps to `until` and the timers due meanwhile fire only then, late. */
  async stall(until: number): Promise<void> {
    await flush();
    this.t = Math.max(this.t, until);
  }

  /** Fires timers due up to `until` (all of them when omitted), then sets the clock to `until`. */
  async run(until = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    if (Number.isFinite(until)) this.t = Math.max(this.t, until);
    await flush();
  }
}

/** Acquires `n` tokens at once and records when each was granted. */
async function grantTimes(bucket: TokenBucket, clock: ManualClock, n: number): Promise<number[]> {
  const times: number[] = [];
  const all = Promise.all(
    Array.from({ length: n }, (_, i) =>
      bucket.acquire().then((p) => {
        times[i] = clock.now();
        return p;
      }),
    ),
  );
  await clock.run();
  await all;
  return times;
}

describe('clientPacing', () => {
  it('gives up r·D tokens of burst, or stretches the interval when there is no burst to give', () => {
    // Mux data: 5/s, burst 5, D 200 ms → burst 4 at 5/s.
    expect(clientPacing(5, 200)).toEqual({ ratePerSecond: 5, capacity: 4 });
    expect(clientPacing(5, 0)).toEqual({ ratePerSecond: 5, capacity: 5 });
    expect(clientPacing(50, 200)).toEqual({ ratePerSecond: 50, capacity: 40 });
    expect(clientPacing(5, 100)).toEqual({ ratePerSecond: 5, capacity: 4.5 });
    // Mux monitoring: 1/s, burst 1 → one request every 1.2 s.
    expect(clientPacing(1, 200).capacity).toBe(1);
    expect(1 / clientPacing(1, 200).ratePerSecond).toBeCloseTo(1.2, 9);
    // 0.5/s (burst 1): every 2 s + 200 ms.
    expect(1 / clientPacing(0.5, 200).ratePerSecond).toBeCloseTo(2.2, 9);
    // An explicit server burst of 1 at 5/s: every 400 ms.
    expect(1 / clientPacing(5, 200, 1).ratePerSecond).toBeCloseTo(0.4, 9);
  });

  it('rejects nonsense', () => {
    expect(() => clientPacing(0, 200)).toThrow(RangeError);
    expect(() => clientPacing(Number.NaN, 200)).toThrow(RangeError);
    expect(() => clientPacing(5, -1)).toThrow(RangeError);
  });
});

describe('TokenBucket', () => {
  it('lets a burst of 4 go at 5 req/s, then one every 200 ms, in FIFO order', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(5, { clock });
    expect(bucket.capacity).toBe(4);
    expect(bucket.ratePerSecond).toBe(5);
    expect(await grantTimes(bucket, clock, 8)).toEqual([0, 0, 0, 0, 200, 400, 600, 800]);
    expect(bucket.inFlight).toBe(8);
  });

  it('paces the monitoring default at one call per 1.2 s', async () => {
    const clock = new ManualClock();
    const limiter = new SharedLimiter({ clock });
    const times = await grantTimes(limiter.monitoring, clock, 3);
    expect(times).toEqual([0, 1200, 2400]);
    expect(limiter.data.available()).toBe(4); // untouched
  });

  it('blocks every taker while paused and never shortens a pause', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(50, { clock });
    bucket.pauseUntil(300);
    bucket.pauseUntil(100);
    expect(await grantTimes(bucket, clock, 2)).toEqual([300, 300]);
  });

  /** `n` takers at 5 req/s (burst 4) on a loop that stalls until `stallUntil` right after the burst. */
  async function grantsAcrossStall(n: number, stallUntil: number): Promise<number[]> {
    const clock = new ManualClock();
    const bucket = new TokenBucket(5, { clock });
    const times: number[] = [];
    const all = Array.from({ length: n }, () => bucket.acquire().then((p) => times.push(p.takenAt)));
    await flush();
    await clock.stall(stallUntil);
    await clock.run();
    await Promise.all(all);
    return times;
  }

  it('earns no tokens for an event-loop stall, so no burst follows the requests the stall delayed', async () => {
    // 4 at once; the 5th's 200 ms timer fires 600 ms late. Crediting the stall would grant 4 more at 800.
    expect(await grantsAcrossStall(7, 800)).toEqual([0, 0, 0, 0, 800, 1000, 1200]);
  });

  it('credits ordinary timer lateness (≤ 50 ms)', async () => {
    const times = await grantsAcrossStall(6, 230); // the 5th's timer (due at 200) fires 30 ms late
    // Credited: the 6th is one interval after the 5th was due (400), give or take the 1 ms rounding of the wait.
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 230]);
    expect(times[5]).toBeGreaterThanOrEqual(400);
    expect(times[5]).toBeLessThanOrEqual(401);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });

  it('caps its tokens at X-RateLimit-Remaining, counting later requests in flight and the refill since sending', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(5, { clock });
    const [a, b, c] = await Promise.all([bucket.acquire(), bucket.acquire(), bucket.acquire()]);
    expect(bucket.available()).toBe(1);
    await clock.run(100);
    // Someone else drained the server: after `a` it had 0 left, and b and c (sent after a) are still in flight.
    // Cap = 0 − 2 + 5/s × 0.1 s = −1.5 (a debt).
    bucket.settle(a!, { remaining: 0 });
    expect(bucket.available()).toBeCloseTo(-1.5, 9);
    expect(bucket.capped).toBe(1);
    // b's report counts only c as later; −0.5 does not lower −1.5.
    bucket.settle(b!, { remaining: 0 });
    expect(bucket.available()).toBeCloseTo(-1.5, 9);
    bucket.settle(c!, { remaining: 3 });
    bucket.settle(c!, { remaining: 0 }); // settling twice is a no-op
    expect(bucket.available()).toBeCloseTo(-1.5, 9);
    expect(bucket.inFlight).toBe(0);
    // The debt is paid back before the next token: (1 + 1.5) / 5 s = 500 ms after t = 100.
    const next = bucket.acquire();
    await clock.run();
    expect((await next).takenAt).toBe(600);
  });

  it('does not bind when the server holds what our margin says (Remaining rounded down)', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(5, { clock });
    const permits = await Promise.all([0, 1, 2, 3].map(() => bucket.acquire()));
    await clock.run(60);
    // Server: 5 − 4 = 1 plus 0.3 of refill → says "1" for the last, our bucket holds 0.3.
    bucket.settle(permits[3]!, { remaining: 1 });
    bucket.settle(permits[0]!, { remaining: 4 });
    expect(bucket.capped).toBe(0);
    expect(bucket.available()).toBeCloseTo(0.3, 9);
  });

  it('lowers its limit to a smaller X-RateLimit-Limit and ignores a larger one', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(5, { clock });
    const p = await bucket.acquire();
    const q = await bucket.acquire();
    bucket.settle(p, { limit: 10 });
    expect(bucket.limitPerSecond).toBe(5);
    bucket.settle(q, { limit: 2 });
    expect(bucket.configuredLimit).toBe(5);
    expect(bucket.limitPerSecond).toBe(2);
    expect(bucket.ratePerSecond).toBe(2);
    expect(bucket.capacity).toBeCloseTo(1.6, 9); // burst 2 − 2/s × 0.2 s
    expect(bucket.available()).toBeCloseTo(1.6, 9); // 2 left, clamped
    expect(await grantTimes(bucket, clock, 3)).toEqual([0, 200, 700]); // 1.6 → 0.6, then +0.4 at 2/s, then +1
  });

  it('pauses until X-RateLimit-Reset when nothing remains, and only then', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(5, { clock });
    const p = await bucket.acquire();
    const q = await bucket.acquire();
    bucket.settle(p, { remaining: 2, resetAt: 5000 });
    bucket.settle(q, { remaining: 0, resetAt: 700 });
    expect(await grantTimes(bucket, clock, 1)).toEqual([700]);
  });
});

/**
 * Discrete-event simulation: `workers` callers share one client bucket; each request reaches a server bucket
 * (limit 5/s, burst 5, starting full) `delay` ms after its token was taken, the response comes back `latency` ms
 * later with `X-RateLimit-Remaining` (rounded down, as Mux and the fake send it) and the permit is settled.
 */
async function simulate(options: {
  workers: number;
  delays: number[];
  latencies: number[];
  jitterToleranceMs?: number;
  limit?: number;
}): Promise<{ rejected: number; sent: number; endMs: number }> {
  const clock = new ManualClock();
  const limit = options.limit ?? 5;
  const bucket = new TokenBucket(limit, {
    clock,
    ...(options.jitterToleranceMs !== undefined ? { jitterToleranceMs: options.jitterToleranceMs } : {}),
  });
  const server = { tokens: limit, last: 0 };
  const check = (): number | null => {
    const now = clock.now();
    server.tokens = Math.min(limit, server.tokens + ((now - server.last) * limit) / 1000);
    server.last = now;
    if (server.tokens < 1) return null;
    server.tokens -= 1;
    return Math.floor(server.tokens);
  };
  let next = 0;
  let rejected = 0;
  const n = options.delays.length;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const permit: Permit = await bucket.acquire();
      await clock.sleep(options.delays[i]!);
      const remaining = check();
      if (remaining === null) rejected += 1;
      await clock.sleep(options.latencies[i % options.latencies.length]!);
      bucket.settle(permit, { remaining: remaining ?? 0 });
    }
  };
  const done = Promise.all(Array.from({ length: options.workers }, worker));
  await clock.run();
  await done;
  return { rejected, sent: n, endMs: clock.now() };
}

describe('the jitter margin (simulation)', () => {
  it('never meets an empty server bucket when requests arrive within 200 ms of leaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: DEFAULT_JITTER_TOLERANCE_MS }), { minLength: 6, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 5 }),
        async (workers, delays, latencies) => {
          const { rejected } = await simulate({ workers, delays, latencies });
          expect(rejected).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('pacing at exactly the server limit (no margin) is not enough: 40 ms of jitter gives a 429', async () => {
    // 5 at once, then the 6th at 200 ms. The first 5 reach the server 40 ms late (its bucket, full, cannot store
    // the refill of those 40 ms); the 6th arrives on time, 160 ms after them, with 0.8 of a token there.
    const delays = [40, 40, 40, 40, 40, 0];
    expect((await simulate({ workers: 6, delays, latencies: [50], jitterToleranceMs: 0 })).rejected).toBe(1);
    expect((await simulate({ workers: 6, delays, latencies: [50] })).rejected).toBe(0);
  });

  it('costs one token interval, once: 19 calls with 100 ms latency end at (19 − 4)/5 s + 100 ms', async () => {
    const r = await simulate({ workers: 4, delays: Array(19).fill(0), latencies: [100] });
    expect(r).toEqual({ rejected: 0, sent: 19, endMs: 3100 });
  });
});

describe('SharedLimiter', () => {
  it('routes monitoring and realtime paths to the monitoring bucket', () => {
    expect(bucketForPath('/data/v1/monitoring/metrics')).toBe('monitoring');
    expect(bucketForPath('/data/v1/realtime/dimensions')).toBe('monitoring');
    expect(bucketForPath('/data/v1/metrics/views/overall')).toBe('data');
  });

  it('settles a permit on the bucket of its path', async () => {
    const clock = new ManualClock();
    const limiter = new SharedLimiter({ clock, dataPerSecond: 10, monitoringPerSecond: 2 });
    const p = await limiter.acquire('/data/v1/monitoring/metrics');
    expect(limiter.monitoring.inFlight).toBe(1);
    limiter.settle('/data/v1/monitoring/metrics', p, { limit: 1 });
    expect(limiter.monitoring.limitPerSecond).toBe(1);
    expect(limiter.data.limitPerSecond).toBe(10);
    expect(limiter.monitoring.inFlight).toBe(0);
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
          await flush();
          await flush();
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
