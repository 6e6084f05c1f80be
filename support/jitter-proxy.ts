/**
 * A loopback HTTP proxy that makes 127.0.0.1 look like a real network to the Mux client: every request waits a
 * seeded, uniformly random 0–40 ms before it is forwarded, on a NEW upstream connection (no keep-alive), so the
 * fake Mux sees requests bunched and reordered the way Mux does behind the internet. Used by the bench (§3, the
 * "through a jittering proxy" rows) and by test/mux/jitter.test.ts, so it lives in support/ (bench/ never imports
 * from test/).
 *
 * Listens on 127.0.0.1 only and forwards only to a 127.0.0.1 target.
 */
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng } from '../fake-mux/hash.js';

export interface JitterProxyOptions {
  /** Base URL of the upstream, e.g. the fake Mux's `http://127.0.0.1:port`. */
  target: string;
  /** Delay bounds per request, ms (uniform); default 0–40. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Seed of the delay sequence (default 1): the n-th request always gets the same delay. */
  seed?: number;
}

export interface JitterProxy {
  url: string;
  /** Delays applied so far, in arrival order (ms). */
  delays: number[];
  close(): Promise<void>;
}

/** Connection-level headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export async function startJitterProxy(options: JitterProxyOptions): Promise<JitterProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
    throw new Error(`jitter proxy forwards to http://127.0.0.1 only (got ${options.target})`);
  }
  const min = options.minDelayMs ?? 0;
  const max = options.maxDelayMs ?? 40;
  if (!(min >= 0 && max >= min)) throw new RangeError(`need 0 <= minDelayMs <= maxDelayMs (got ${min}, ${max})`);
  const random = prng(options.seed ?? 1);
  const delays: number[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const delay = min + random() * (max - min);
    delays.push(delay);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const upstream = request(
        {
          host: '127.0.0.1',
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...endToEnd(req.headers), host: target.host, connection: 'close' },
          // A new connection per request, as through a NAT, a load balancer or a fresh Lambda socket.
          agent: false,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, endToEnd(up.headers));
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('jitter proxy: upstream failed');
        else res.destroy();
      });
      req.pipe(upstream);
    }, delay);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    delays,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
