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

/** The configured item called `name`, or a 404 naming the field and listing what is configured. */
function configuredOr404<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  name: string,
  what: string,
  field: string,
): T {
  const found = items.find((item) => nameOf(item) === name);
  if (found === undefined) {
    const known = items.map(nameOf).join(', ');
    throw new HttpError(404, 'not_found', `no ${what} "${name}" (configured: ${known})`, field);
  }
  return found;
}

export const reportOr404 = (config: Config, reportId: string): ReportConfig =>
  configuredOr404(config.reports, (r) => r.id, reportId, 'report', 'reportId');

export const environmentOr404 = (config: Config, name: string): EnvironmentConfig =>
  configuredOr404(config.environments, (e) => e.name, name, 'environment', 'environment');
