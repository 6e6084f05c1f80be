/**
 * Client-side rate limiting for one Mux environment.
 *
 * Mux limits requests per environment (documented: 5 req/s for Data, 1 req/s for Monitoring) and that budget is
 * shared with everything else using the environment, so every client of one environment must draw from the same
 * buckets: create one `SharedLimiter` per environment and pass it to each `MuxClient`.
 */

export type BucketKind = 'data' | 'monitoring';

/** Monitoring (and its deprecated real-time predecessor) has its own, much lower limit. */
export function bucketForPath(path: string): BucketKind {
  return path.startsWith('/data/v1/monitoring/') || path.startsWith('/data/v1/realtime/') ? 'monitoring' : 'data';
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Token bucket: capacity = rate (so 5 req/s allows 5 immediately, then one every 200 ms). Waiters are served
 * in FIFO order. `pauseUntil` blocks every taker until a time (server said it is out of budget, or sent a 429).
 */
export class TokenBucket {
  readonly capacity: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`rate must be a positive number (got ${ratePerSecond})`);
    }
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  /** Resolves with the milliseconds spent waiting once a token was taken. */
  acquire(): Promise<number> {
    const start = this.clock.now();
    const turn = this.tail.then(() => this.take());
    // Keep the chain alive even if a taker rejects (it cannot today, but a broken chain would deadlock everyone).
    this.tail = turn.catch(() => undefined);
    return turn.then(() => this.clock.now() - start);
  }

  /** Block takers until `until` (epoch ms). Never shortens an existing pause. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Tokens available right now (for tests and diagnostics). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
    }
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.pausedUntil > now) {
        await this.clock.sleep(this.pausedUntil - now);
        // The pause was a "server says no budget": do not let a refilled full burst hit it right away.
        this.refill();
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond)));
    }
  }
}

export interface SharedLimiterOptions {
  /** Default 5 (Mux's documented Data API limit). */
  dataPerSecond?: number;
  /** Default 1 (Mux's documented Monitoring API limit). */
  monitoringPerSecond?: number;
  clock?: Clock;
}

/** The data + monitoring buckets of one Mux environment. */
export class SharedLimiter {
  readonly data: TokenBucket;
  readonly monitoring: TokenBucket;

  constructor(options: SharedLimiterOptions = {}) {
    const clock = options.clock ?? realClock;
    this.data = new TokenBucket(options.dataPerSecond ?? 5, clock);
    this.monitoring = new TokenBucket(options.monitoringPerSecond ?? 1, clock);
  }

  bucket(kind: BucketKind): TokenBucket {
    return kind === 'monitoring' ? this.monitoring : this.data;
  }

  /** Waits for a token of the bucket that serves `path`; resolves with the wait in ms. */
  acquire(path: string): Promise<number> {
    return this.bucket(bucketForPath(path)).acquire();
  }

  pause(path: string, until: number): void {
    this.bucket(bucketForPath(path)).pauseUntil(until);
  }
}

/** Small counting semaphore bounding in-flight requests. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be an integer >= 1 (got ${limit})`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiters.shift();
      // Hand the slot straight to the next waiter (active count unchanged) so no one can jump the queue.
      if (next) next();
      else this.active -= 1;
    }
  }

  get inFlight(): number {
    return this.active;
  }
}
