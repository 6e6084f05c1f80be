/**
 * Rate limits on a real network: the default weekly report, at Mux's limits (5 req/s data, 1 req/s monitoring,
 * burst = rate), through a proxy that delays every request by a seeded 0–40 ms and opens a new upstream connection
 * for each, must not collect a single 429. Before the client paced below Mux's limit it took about one 429 per run
 * here (its bucket matched Mux's exactly, so any jitter bunched two requests into one token interval).
 *
 * Three runs at once, each in its own environment (own fake = own Mux bucket, own client limiter), so the test
 * takes one report's time (~3 s at 5 req/s) and the three share one event loop, as reports of a batch would.
 * No timing assertions: only what the fakes answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { loadConfig } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { FAKE_CREDENTIALS } from '../../support/fake-credentials.js';
import { type JitterProxy, startJitterProxy } from '../../support/jitter-proxy.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const RUNS = 3;
const CREDENTIALS = FAKE_CREDENTIALS;

const fakes: FakeMux[] = [];
const proxies: JitterProxy[] = [];

beforeAll(async () => {
  for (let i = 0; i < RUNS; i++) {
    const fake = await startFakeMux({ port: 0, now: NOW, latencyMs: 50, rateLimit: { data: 5, monitoring: 1 } });
    fakes.push(fake);
    proxies.push(await startJitterProxy({ target: fake.url, seed: 1000 + i, minDelayMs: 0, maxDelayMs: 40 }));
  }
});

afterAll(async () => {
  await Promise.allSettled([...proxies.map((p) => p.close()), ...fakes.map((f) => f.close())]);
});

/** The example config's weekly-qoe report, once per environment `jitter-<i>` (client limits as configured). */
function configFor(runs: number): Config {
  const base = loadConfig({ path: 'reports.config.jsonc', env: {} });
  const report = base.reports.find((r) => r.id === 'weekly-qoe')!;
  const environment = base.environments.find((e) => e.name === report.environment)!;
  return {
    ...base,
    environments: Array.from({ length: runs }, (_, i) => ({ ...environment, name: `jitter-${i}` })),
    reports: Array.from({ length: runs }, (_, i) => ({ ...report, id: `weekly-qoe-${i}`, environment: `jitter-${i}` })),
  };
}

describe('the default weekly report through a jittering proxy at Mux limits', () => {
  it('gets no 429 at all', async () => {
    const config = configFor(RUNS);
    expect(config.environments[0]!.rateLimit).toEqual({ dataPerSecond: 5, monitoringPerSecond: 1 });
    const results = await Promise.all(
      proxies.map((proxy, i) =>
        generateReport({
          config,
          reportId: `weekly-qoe-${i}`,
          period: { kind: 'spec', spec: null },
          credentials: async () => CREDENTIALS,
          baseUrl: proxy.url,
          now: NOW,
        }),
      ),
    );
    for (const [i, generated] of results.entries()) {
      const api = fakes[i]!.requests.filter((e) => e.path.startsWith('/data/v1/'));
      expect(api.filter((e) => e.status === 429)).toEqual([]);
      expect(api.length).toBeGreaterThanOrEqual(15);
      // Every request went through the proxy (and was delayed there).
      expect(proxies[i]!.delays).toHaveLength(fakes[i]!.requests.length);
      expect(generated.snapshot.cost).toMatchObject({ rateLimited: 0, retries: 0, calls: api.length });
      expect(Object.values(generated.snapshot.sections)).not.toContain('unavailable');
    }
  });
});
