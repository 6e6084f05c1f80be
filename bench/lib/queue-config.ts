/**
 * The configuration of the "many reports" row (issue 16): `environments` Mux environments, `reportsPerEnvironment`
 * reports each, all due at the same minute. `limiterPerReport` gives every report its own environment entry (same
 * fake, same limits), so each report draws from its own token bucket, as separate Lambda invocations do: the
 * uncoordinated design, and the coordinated one when consecutive messages of a group land on different containers.
 *
 * Time scale: the reports keep 4 sections (scores, volume, key metrics, trend: the calls every report makes) so
 * that 2 × 200 reports take ~1 minute instead of ~3; 429s and the bound scale with the call count, not with it.
 */
import { type Config, configSchema } from '../../functions/commons/config/schema.js';

export function queueBenchConfig(
  environments: number,
  reportsPerEnvironment: number,
  limiterPerReport: boolean,
): Config {
  const envName = (i: number, j: number) => (limiterPerReport ? `env-${i}-${j}` : `env-${i}`);
  const envs = new Set<string>();
  for (let i = 0; i < environments; i++) for (let j = 0; j < reportsPerEnvironment; j++) envs.add(envName(i, j));
  return configSchema.parse({
    environments: [...envs].map((name) => ({ name, rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 } })),
    reports: Array.from({ length: environments }, (_, i) =>
      Array.from({ length: reportsPerEnvironment }, (_, j) => ({
        id: `r-${i}-${j}`,
        title: `QoE ${i}/${j}`,
        environment: envName(i, j),
        timeZone: 'Europe/Paris',
        sections: { insights: false, incidents: false, errors: false, breakdowns: false, failedViews: false },
        recipients: ['video-team@example.com'],
        from: 'qoe-reports@example.com',
      })),
    ).flat(),
  });
}

/** The fake (Mux environment) of a report of `queueBenchConfig`: `r-<i>-<j>` → i. */
export const fakeIndexOf = (reportId: string): number => Number(reportId.split('-')[1]);
