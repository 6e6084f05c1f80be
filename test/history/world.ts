/** A fake Mux with a pinned clock and a config cut to what the history needs (a few calls per period). */
import { type FakeMux, type FakeMuxOptions, startFakeMux } from '../../fake-mux/server.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { exampleConfig, FAKE_CREDENTIALS } from '../../support/stage.js';

/** Wednesday 25 Nov 2026: last week (the one reported) is 2026-W48's predecessor, 16–23 Nov. */
export const NOW = new Date('2026-11-25T10:00:00Z');
export const REPORT_ID = 'weekly-qoe';

/** The example config, unthrottled, with weekly-qoe reduced to the sections the history reads and shows. */
export function historyConfig(): Config {
  const config = exampleConfig({ unthrottled: true });
  const keep = new Set(['scores', 'volume', 'keyMetrics', 'history']);
  return {
    ...config,
    reports: config.reports.map((r) =>
      r.id === REPORT_ID
        ? {
            ...r,
            sections: Object.fromEntries(Object.keys(r.sections).map((k) => [k, keep.has(k)])) as typeof r.sections,
          }
        : r,
    ),
  };
}

export const credentials = async () => FAKE_CREDENTIALS;

export const startFake = (options: FakeMuxOptions = {}): Promise<FakeMux> =>
  startFakeMux({ port: 0, host: '127.0.0.1', now: NOW, quiet: true, rateLimit: false, ...options });
