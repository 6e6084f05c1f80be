/**
 * What the functions read from a configuration that was validated before they run (settings/index.ts takes the
 * document `cdk synth` sealed): a report by id, its environment, the environment's secret, a channel's identity.
 * Leaf code with no zod and no schema (types only), so a handler that looks a report up does not load, or build at
 * init, the whole configuration schema: that stays in the validator (load.ts), which only an unsealed
 * configuration loads. test/infra/handler-imports.test.ts keeps the schema out of what the handlers import.
 */
import type { ChannelConfig } from './channels.js';
import { closest } from './closest.js';
import { ConfigError } from './errors.js';
import { formatIssuePath } from './issue-text.js';
import type { Config, EnvironmentConfig, ReportConfig } from './schema.js';

export function findReport(config: Config, id: string): ReportConfig {
  const report = config.reports.find((r) => r.id === id);
  if (!report) {
    const ids = config.reports.map((r) => r.id);
    const suggestion = closest(id, ids);
    throw new ConfigError('the configuration', [
      {
        path: 'reports',
        message: `no report with id "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (configured: ${ids.join(', ')})`,
      },
    ]);
  }
  return report;
}

export function environmentOf(config: Config, report: ReportConfig): EnvironmentConfig {
  const env = config.environments.find((e) => e.name === report.environment);
  if (!env) {
    throw new ConfigError('the configuration', [
      {
        path: formatIssuePath(['reports', config.reports.indexOf(report), 'environment'], config),
        message: `report "${report.id}" uses environment "${report.environment}", which is not declared (declared: ${config.environments.map((e) => e.name).join(', ')})`,
      },
    ]);
  }
  return env;
}

/** The Secrets Manager secret holding the environment's Mux credentials. */
export function secretNameFor(env: EnvironmentConfig): string {
  return env.secretName ?? `mux-qoe-reports/${env.name}`;
}

/**
 * The channel's identity in the idempotency key: stable across reordering of the list, distinct per destination.
 * Email keeps the keys it always had (deliver.ts), so records written before channels existed still count.
 */
export function channelKey(channel: ChannelConfig): string {
  switch (channel.type) {
    case 'email':
      return 'email';
    case 'slack':
    case 'teams':
      return `${channel.type}:${channel.webhookSecret}`;
    case 'webhook':
      return `webhook:${channel.urlSecret}`;
  }
}
