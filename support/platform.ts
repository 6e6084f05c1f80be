/**
 * The platform fake (fake-mux/platform.ts) as tests and the bench use it: a pinned clock, a config with one
 * per-customer fan-out report on `sub_property_id`, and the scheduled time of the last full week.
 */
import { parseConfig } from '../functions/commons/config/load.js';
import type { Config, ConfigInput } from '../functions/commons/config/schema.js';
import type { GenerateOptions } from '../functions/commons/pipeline/generate.js';
import { FAKE_CREDENTIALS } from './fake-credentials.js';

/** A Monday morning: the scheduled run for the week of 23 Nov 2026 (the fake's clock an hour later). */
export const PLATFORM_SCHEDULED_TIME = new Date('2026-11-30T07:00:00Z');
export const PLATFORM_NOW = new Date('2026-11-30T08:00:00Z');

export interface PlatformReportOptions {
  /** `fanOut.values`: `{ top: N }` or a list. */
  values: { top: number } | string[];
  /** `fanOut.fullReports.top`; none = every segment gets the full report (today's design). */
  fullReports?: number;
  sections?: Record<string, boolean>;
  rateLimit?: { dataPerSecond: number; monitoringPerSecond: number };
}

export function platformConfigInput(options: PlatformReportOptions): ConfigInput {
  return {
    environments: [{ name: 'platform', rateLimit: options.rateLimit ?? { dataPerSecond: 5, monitoringPerSecond: 1 } }],
    reports: [
      {
        id: 'per-customer',
        title: 'Your weekly video QoE',
        environment: 'platform',
        timeZone: 'UTC',
        recipients: ['account-managers@example.com'],
        from: 'qoe-reports@example.com',
        ...(options.sections ? { sections: options.sections } : {}),
        fanOut: {
          dimension: 'sub_property_id',
          values: options.values,
          ...(options.fullReports !== undefined ? { fullReports: { top: options.fullReports } } : {}),
        },
      },
    ],
  } as ConfigInput;
}

export const platformConfig = (options: PlatformReportOptions): Config =>
  parseConfig(platformConfigInput(options), 'platform');

/** A run of the per-customer report for the week before PLATFORM_SCHEDULED_TIME, against the fake at `baseUrl`. */
export const platformRun = (config: Config, baseUrl: string) =>
  ({
    config,
    reportId: 'per-customer',
    period: { kind: 'scheduled', scheduledTime: PLATFORM_SCHEDULED_TIME },
    credentials: async () => FAKE_CREDENTIALS,
    baseUrl,
    now: PLATFORM_NOW,
  }) satisfies Partial<GenerateOptions>;
