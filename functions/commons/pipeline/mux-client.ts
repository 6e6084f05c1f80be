/**
 * A Mux client for an environment: credentials from the provider, the process-wide rate limiter of that
 * environment. Its own module (no collection, no renderer) so routes that only need a client (on-demand
 * `GET /live`, archive-exports) load only that.
 */
import type { EnvironmentConfig } from '../config/schema.js';
import { MuxClient, type MuxClientOptions, type MuxEvent, SharedLimiter } from '../mux/index.js';
import { timed } from '../observability/phases.js';

export interface MuxCredentials {
  tokenId: string;
  tokenSecret: string;
}

/** Where credentials come from: Secrets Manager in AWS, env vars or the fake's defaults locally. */
export type CredentialsProvider = (environment: EnvironmentConfig) => Promise<MuxCredentials>;

/** How a client is set up besides its credentials. */
export interface MuxClientSetup {
  /** Mux base URL (default `MUX_BASE_URL` or https://api.mux.com). */
  baseUrl?: string;
  /** Client events (request done, retry, 429) for logs and metrics; never carries credentials. */
  onMuxEvent?: (event: MuxEvent) => void;
  /** Test/bench hook: client tuning (timeouts, retry timing). */
  clientOptions?: Partial<Pick<MuxClientOptions, 'timeoutMs' | 'maxRetries' | 'retry'>>;
}

/**
 * One rate-limit bucket per environment per process: Mux limits per environment, and a warm Lambda
 * (or the CLI running several reports) must not get a fresh burst for every report.
 */
const limiters = new Map<string, SharedLimiter>();
export function limiterFor(environment: EnvironmentConfig): SharedLimiter {
  const key = `${environment.name}:${environment.rateLimit.dataPerSecond}:${environment.rateLimit.monitoringPerSecond}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new SharedLimiter(environment.rateLimit);
    limiters.set(key, limiter);
  }
  return limiter;
}

export async function createMuxClient(
  environment: EnvironmentConfig,
  credentials: CredentialsProvider,
  options: MuxClientSetup = {},
): Promise<MuxClient> {
  const { tokenId, tokenSecret } = await timed('secrets', () => credentials(environment));
  return new MuxClient({
    tokenId,
    tokenSecret,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    limiter: limiterFor(environment),
    ...(options.onMuxEvent ? { onEvent: options.onMuxEvent } : {}),
    ...options.clientOptions,
  });
}
