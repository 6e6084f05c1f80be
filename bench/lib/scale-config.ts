/**
 * The configuration of §4 Scale: `environments` Mux environments (`env-<i>`, each at Mux's limits) with
 * `reportsPerEnvironment` copies of a weekly report each (`weekly-qoe-<i>-<j>`). Shared by the generator child
 * process and the warm-up in bench/measures/scale.ts.
 */
import { type Config, configSchema } from '../../functions/commons/config/schema.js';

export function scaleConfig(environments: number, reportsPerEnvironment: number): Config {
  return configSchema.parse({
    environments: Array.from({ length: environments }, (_, i) => ({
      name: `env-${i}`,
      rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 },
    })),
    reports: Array.from({ length: environments }, (_, i) =>
      Array.from({ length: reportsPerEnvironment }, (_, j) => ({
        id: `weekly-qoe-${i}-${j}`,
        title: `Weekly QoE ${i}/${j}`,
        environment: `env-${i}`,
        timeZone: 'Europe/Paris',
        recipients: ['video-team@example.com'],
        from: 'qoe-reports@example.com',
      })),
    ).flat(),
  });
}

/** Index of the environment (and of its fake) a report of `scaleConfig` belongs to. */
export const environmentIndex = (environment: string): number => Number(environment.slice('env-'.length));
