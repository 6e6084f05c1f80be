/**
 * The settings of the two small mail functions. The unsubscribe function's: only the DynamoDB list and the signing key's secret name (no report
 * configuration: the token names the report, and the route needs nothing else).
 */
import { read, SettingsError, type UnsubscribeSettings } from './index.js';

export type UnsubscribeRouteSettings = Pick<UnsubscribeSettings, 'table' | 'keySecret'>;

export function unsubscribeRouteSettings(env: NodeJS.ProcessEnv): UnsubscribeRouteSettings {
  const table = read(env, 'UNSUBSCRIBE_TABLE');
  const keySecret = read(env, 'UNSUBSCRIBE_KEY_SECRET');
  if (table === undefined) throw new SettingsError('UNSUBSCRIBE_TABLE', 'is required');
  if (keySecret === undefined) throw new SettingsError('UNSUBSCRIBE_KEY_SECRET', 'is required');
  return { table, keySecret };
}

/** The mail-events function's settings: the table it writes suppressions to, and the configuration set it serves. */
export interface MailEventsSettings {
  table: string;
  configurationSet: string | undefined;
}

export function mailEventsSettings(env: NodeJS.ProcessEnv): MailEventsSettings {
  const table = read(env, 'SUPPRESSION_TABLE');
  if (table === undefined) throw new SettingsError('SUPPRESSION_TABLE', 'is required');
  return { table, configurationSet: read(env, 'SES_CONFIGURATION_SET') };
}
