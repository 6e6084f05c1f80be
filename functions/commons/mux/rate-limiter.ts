/**
 * Client-side rate limiting for one Mux environment.
 *
 * Mux limits requests per environment (documented: 5 req/s for Data, 1 req/s for Monitoring; an account can now set
 * other limits per environment and per token priority, which `environments[].rateLimit` matches) and that budget is
 * shared with everything else using the environment, so every client of one environment must draw from the same
 * buckets: create one `SharedLimiter` per environment and pass it to each `MuxClient`.
 *
 * ## Why the client paces below Mux's limit (the margin)
 *
 * Mux's bucket refills at r = 5/s and holds b = 5 (burst = rate, as our fake models it). A client bucket with exactly
 * (r, b) sends requests that conform to (r, b) *when they leave*, but each one reaches Mux after a variable delay d in
 * [0, D]: connection setup (a reused keep-alive socket vs a new TCP + TLS handshake, ~2 round trips), network jitter,
 * proxies, and the event-loop lag between taking a token and writing to the socket. A sequence conforming to (r, b)
 * delayed by a variable delay in [0, D] only conforms to (r, b + r·D) at the server: e.g. request A leaves when the
 * 5th token refills and is delayed 40 ms, request B leaves 200 ms later with no delay, so Mux sees them 160 ms apart,
 * 0.8 of a token, and answers 429 (measured: one 429 in every default weekly report through a proxy with 0–40 ms of
 * jitter, and 4 in 3 runs even on loopback). Each 429 then costs ≥ 1 s (retry + the bucket pause below).
 *
 * So the client gives up r·D tokens of burst: capacity b − r·D, same rate r. Its sequence, delayed by up to D, then
 * conforms to (r, b) at Mux, which a bucket (r, b) that starts full accepts without a single 429 — whatever the
 * order, the concurrency or the latency. With D = 200 ms (`DEFAULT_JITTER_TOLERANCE_MS`) that is exactly one token
 * at 5 req/s (burst 4, then one every 200 ms: "client burst ≤ server burst − 1 tolerates D up to 1/r"). It covers
 * the 0–40 ms jitter proxy of the bench, a new connection per request (loopback: < 1 ms; a TLS handshake to Mux from
 * AWS: 2 round trips of a few tens of ms) and event-loop stalls of a loaded 2-core machine, with > 100 ms to spare.
 * Its cost is paid once per burst, not per request: the n-th call of a run can start at (n − 4)/5 s instead of
 * (n − 5)/5 s, i.e. 200 ms on a 19-call weekly report (≈ 3.1 s instead of the 2.9 s bound, 1.07×). A smaller D would
 * save at most those 200 ms and turn a single TCP retransmit or GC pause into a 429 costing ≥ 1 s.
 *
 * A bucket with no burst to give up (Monitoring: r = 1/s, b = 1) keeps a burst of 1 and stretches the interval
 * instead: 1/r_c = (D + 1/r) for b = 1, i.e. one call every 1.2 s (see `clientPacing`).
 *
 * ## What the server tells us
 *
 * - `X-RateLimit-Remaining` caps the client's tokens (`TokenBucket.settle`): another process, a Lambda that ran just
 *   before, or a dashboard may be using the same environment, which no client-side bucket can see.
 * - `X-RateLimit-Limit` below the configured limit lowers this bucket's limit (an account can set lower limits per
 *   environment or for low-priority tokens). A higher one is ignored: `environments[].rateLimit` is the way to use a
 *   higher limit, so an unexpected header can never make us faster than configured.
 * - `X-RateLimit-Reset` (not documented by Mux) pauses the bucket until then when nothing remains; `Retry-After` on a
 *   429 pauses it for that long (transport.ts).
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

/** Variable delay between taking a token and the request reaching Mux that the pacing absorbs (see above). */
export const DEFAULT_JITTER_TOLERANCE_MS = 200;

/**
 * A token wait that ends this much later than asked means the event loop was stalled (timers are normally 1–2 ms
 * late, ~10 ms on a busy 2-core machine); a quarter of the jitter tolerance, so smaller lateness stays in the margin.
 */
const STALL_MS = 50;

export interface Pacing {
  /** Sustained rate the client sends at. */
  ratePerSecond: number;
  /** Client burst (tokens when full; may be fractional: 4.75 = 4 at once, the 5th 50 ms later at 5/s). */
  capacity: number;
}

/**
 * The client pacing that keeps a server bucket (limit r/s, burst b) from ever answering 429 when every request
 * reaches it within `jitterToleranceMs` (D) of leaving: see the module comment.
 *
 * - b − r·D ≥ 1: capacity b − r·D at rate r (Mux's data limit: 5/s, b 5, D 200 ms → burst 4 at 5/s).
 * - otherwise a burst of 1 and a longer interval. With q = ⌊b⌋, the (q+1)-th request after a full bucket is the first
 *   that needs a refill: the client sends it q intervals after the first, the server may see the gap shrunk by D and
 *   needs (q + 1 − b)/r of refill, so q/r_c − D ≥ (q + 1 − b)/r (later requests only widen the gap because r_c ≤ r).
 *   Monitoring: 1/s, b 1, D 200 ms → one request every 1.2 s (0.83/s).
 */
export function clientPacing(limitPerSecond: number, jitterToleranceMs: number, serverBurst?: number): Pacing {
  if (!(limitPerSecond > 0) || !Number.isFinite(limitPerSecond)) {
    throw new RangeError(`rate must be a positive number (got ${limitPerSecond})`);
  }
  if (!(jitterToleranceMs >= 0) || !Number.isFinite(jitterToleranceMs)) {
    throw new RangeError(`jitterToleranceMs must be >= 0 (got ${jitterToleranceMs})`);
  }
  const burst = Math.max(1, serverBurst ?? limitPerSecond);
  const d = jitterToleranceMs / 1000;
  // Rounded to 1e-9 so 5 − 5·0.2 is exactly 4, not 3.9999999999999996.
  const capacity = Math.round((burst - limitPerSecond * d) * 1e9) / 1e9;
  if (capacity >= 1) return { ratePerSecond: limitPerSecond, capacity };
  const q = Math.floor(burst);
  return { ratePerSecond: q / (d + (q + 1 - burst) / limitPerSecond), capacity: 1 };
}

/** One token taken: hand it back to `settle` when the attempt is over (with what the server said, if anything). */
export interface Permit {
  /** Order in which tokens were taken (later permits have larger numbers). */
  readonly seq: number;
  /** Clock time when the token was taken (the request leaves right after). */
  readonly takenAt: number;
  /** Time spent waiting for the token, ms. */
  readonly waitMs: number;
}

/** Rate-limit facts from one response (`rateLimitReport` in retry.ts reads them from the headers). */
export interface ServerReport {
  /** `X-RateLimit-Limit`: the server's limit, requests per second. */
  limit?: number;
  /** `X-RateLimit-Remaining` after this request (a 429 counts as 0). */
  remaining?: number;
  /** `X-RateLimit-Reset` as a clock time (ms): when tokens are available again. */
  resetAt?: number;
}

export interface TokenBucketOptions {
  clock?: Clock;
  /** Default `DEFAULT_JITTER_TOLERANCE_MS` (200 ms). 0 paces at exactly the server's limit and burst. */
  jitterToleranceMs?: number;
  /** The server's burst; default = the limit (Mux's buckets and our fake: burst = rate). */
  serverBurst?: number;
}

/**
 * Token bucket paced below a server limit (see `clientPacing`). Waiters are served in FIFO order. Tokens may go
 * negative when the server reports fewer than we hold (a debt the refill pays back before the next request).
 * `pauseUntil` blocks every taker until a time (Retry-After, X-RateLimit-Reset, a 429).
 */
export class TokenBucket {
  /** The limit this bucket was configured with (the server's, requests per second). */
  readonly configuredLimit: number;
  private limit: number;
  private pacing: Pacing;
  private readonly jitterToleranceMs: number;
  private readonly serverBurst: number | undefined;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private nextSeq = 0;
  /** Permits taken and not yet settled (requests in flight), by seq. */
  private readonly outstanding = new Set<number>();
  /** Times a server report lowered the tokens (diagnostics). */
  capped = 0;

  constructor(limitPerSecond: number, options: TokenBucketOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.jitterToleranceMs = options.jitterToleranceMs ?? DEFAULT_JITTER_TOLERANCE_MS;
    this.serverBurst = options.serverBurst;
    this.pacing = clientPacing(limitPerSecond, this.jitterToleranceMs, this.serverBurst);
    this.configuredLimit = limitPerSecond;
    this.limit = limitPerSecond;
    this.tokens = this.pacing.capacity;
    this.last = this.clock.now();
  }

  /** The server limit currently assumed (≤ configured; lowered by a smaller `X-RateLimit-Limit`). */
  get limitPerSecond(): number {
    return this.limit;
  }

  /** The rate the client sends at. */
  get ratePerSecond(): number {
    return this.pacing.ratePerSecond;
  }

  get capacity(): number {
    return this.pacing.capacity;
  }

  /** Requests holding a permit (taken, not settled). */
  get inFlight(): number {
    return this.outstanding.size;
  }

  /** Resolves with a permit once a token was taken; the caller must `settle` it when the attempt ends. */
  acquire(): Promise<Permit> {
    const start = this.clock.now();
    const turn = this.tail.then(() => this.take());
    // Keep the chain alive even if a taker rejects (it cannot today, but a broken chain would deadlock everyone).
    this.tail = turn.catch(() => undefined);
    return turn.then(() => {
      const takenAt = this.clock.now();
      const seq = this.nextSeq++;
      this.outstanding.add(seq);
      return { seq, takenAt, waitMs: takenAt - start };
    });
  }

  /**
   * The attempt of `permit` is over. With `report` (from its response headers):
   *
   * - `remaining` R caps the tokens at R − L + r·(now − takenAt), L = requests of this bucket still in flight that
   *   were sent after this one (R cannot count them yet, but they each hold a token of ours and will take one of the
   *   server's). The refill term is what the server can have regained since it counted this request at the earliest
   *   (right after we sent it). It matters because Remaining is an integer: at 5 req/s the server often holds 0.9 of
   *   a token and says "0", and capping at 0 would throw away up to a token (200 ms) per response. When we are the
   *   only client the cap never binds below what our own bucket holds (the margin is intact); when it does bind,
   *   someone else used the environment and we slow down to what the server has left.
   * - `limit` below the current limit lowers it (pacing recomputed, tokens clamped to the new capacity).
   * - nothing remaining and a `resetAt` ahead: pause until then.
   *
   * Settling twice is a no-op.
   */
  settle(permit: Permit, report: ServerReport = {}): void {
    if (!this.outstanding.delete(permit.seq)) return;
    const { limit, remaining, resetAt } = report;
    if (limit !== undefined && Number.isFinite(limit) && limit > 0 && limit < this.limit) this.lowerLimit(limit);
    if (remaining === undefined || !Number.isFinite(remaining)) return;
    this.refill();
    const now = this.clock.now();
    let later = 0;
    for (const seq of this.outstanding) if (seq > permit.seq) later += 1;
    const cap = remaining - later + (Math.max(0, now - permit.takenAt) * this.pacing.ratePerSecond) / 1000;
    if (cap < this.tokens) {
      this.tokens = cap;
      this.capped += 1;
    }
    if (remaining < 1 && resetAt !== undefined && resetAt > now) this.pauseUntil(resetAt);
  }

  /** Block takers until `until` (clock ms). Never shortens an existing pause. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Tokens available right now (for tests and diagnostics; negative = debt). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private lowerLimit(limit: number): void {
    this.refill();
    this.limit = limit;
    // The server's burst follows its limit (burst = rate) unless one was configured explicitly.
    const burst = this.serverBurst === undefined ? undefined : Math.min(this.serverBurst, limit);
    this.pacing = clientPacing(limit, this.jitterToleranceMs, burst);
    this.tokens = Math.min(this.tokens, this.pacing.capacity);
  }

  private refill(until = this.clock.now()): void {
    if (until > this.last) {
      const { capacity, ratePerSecond } = this.pacing;
      this.tokens = Math.min(capacity, this.tokens + ((until - this.last) * ratePerSecond) / 1000);
      this.last = until;
    }
  }

  /**
   * Sleeps `ms`; when the timer fires more than `STALL_MS` late, the event loop was stalled (a busy or starved
   * process) and the lateness earns no tokens. Requests whose tokens were taken before the stall may only leave when
   * it ends (a new connection completes on the loop), so crediting the stall would let a full burst go out right
   * behind them: measured 0.3–0.6 s stalls in the 50-report bench on a loaded machine, each a handful of 429s.
   * Not crediting turns a stall into plain lost time (≤ r·stall tokens), which the server only sees as a gap.
   */
  private async sleepNoStallCredit(ms: number): Promise<void> {
    const due = this.clock.now() + ms;
    await this.clock.sleep(ms);
    const now = this.clock.now();
    if (now - due > STALL_MS) {
      this.refill(due);
      this.last = Math.max(this.last, now);
    }
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.pausedUntil > now) {
        await this.sleepNoStallCredit(this.pausedUntil - now);
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleepNoStallCredit(Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.pacing.ratePerSecond)));
    }
  }
}

export interface SharedLimiterOptions {
  /** Mux's Data API limit for this environment, requests per second. Default 5 (Mux's documented limit). */
  dataPerSecond?: number;
  /** Mux's Monitoring API limit, requests per second. Default 1 (Mux's documented limit). */
  monitoringPerSecond?: number;
  /** Default 200 ms; see the module comment. */
  jitterToleranceMs?: number;
  clock?: Clock;
}

/** The data + monitoring buckets of one Mux environment. */
export class SharedLimiter {
  readonly data: TokenBucket;
  readonly monitoring: TokenBucket;

  constructor(options: SharedLimiterOptions = {}) {
    const bucketOptions: TokenBucketOptions = {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.jitterToleranceMs !== undefined ? { jitterToleranceMs: options.jitterToleranceMs } : {}),
    };
    this.data = new TokenBucket(options.dataPerSecond ?? 5, bucketOptions);
    this.monitoring = new TokenBucket(options.monitoringPerSecond ?? 1, bucketOptions);
  }

  bucket(kind: BucketKind): TokenBucket {
    return kind === 'monitoring' ? this.monitoring : this.data;
  }

  /** Waits for a token of the bucket that serves `path`. */
  acquire(path: string): Promise<Permit> {
    return this.bucket(bucketForPath(path)).acquire();
  }

  settle(path: string, permit: Permit, report?: ServerReport): void {
    this.bucket(bucketForPath(path)).settle(permit, report);
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
