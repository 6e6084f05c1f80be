/**
 * What every on-demand route receives (the parsed route comes separately) and the lookups they share. Light on
 * purpose: it is part of what every request loads (see handler.ts).
 */
import type { Config, EnvironmentConfig, ReportConfig } from '../commons/config/schema.js';
import { HttpError } from '../commons/http/http-error.js';
import type { MuxEvent } from '../commons/mux/index.js';
import type { LambdaContext } from '../commons/observability/index.js';
import type { Settings } from '../commons/settings/index.js';

export interface RouteContext {
  settings: Settings;
  now: Date;
  onMuxEvent: (event: MuxEvent) => void;
  lambdaContext: LambdaContext | undefined;
  /** Tells the handler which report / environment the request is about (log keys, error messages). */
  annotate(keys: { reportId?: string; environment?: string; periodKey?: string }): void;
}

export function reportOr404(config: Config, reportId: string): ReportConfig {
  const report = config.reports.find((r) => r.id === reportId);
  if (!report) {
    const known = config.reports.map((r) => r.id).join(', ');
    throw new HttpError(404, 'not_found', `no report "${reportId}" (configured: ${known})`, 'reportId');
  }
  return report;
}

export function environmentOr404(config: Config, name: string): EnvironmentConfig {
  const env = config.environments.find((e) => e.name === name);
  if (!env) {
    const known = config.environments.map((e) => e.name).join(', ');
    throw new HttpError(404, 'not_found', `no environment "${name}" (configured: ${known})`, 'environment');
  }
  return env;
}
