/**
 * Reads the report configuration for the CDK app: the same commented `reports.config.jsonc` the
 * functions and the CLI read, through the same loader (zod schema + Mux dimension/metric checks), so
 * a config error fails `cdk synth` (not the first scheduled run a week later).
 */
import { loadConfig } from '../functions/commons/config/load.js';
import type { Config } from '../functions/commons/config/schema.js';

export function loadInfraConfig(path: string): Config {
  // An explicit path and an empty env: a REPORTS_CONFIG variable in the deployer's shell must not
  // silently replace the file being deployed.
  // Warnings do not fail the synth; cdk prints the app's stderr.
  return loadConfig({
    path,
    env: {},
    onWarning: (w, source) => process.stderr.write(`warning: ${source}: ${w.path}: ${w.message}\n`),
  });
}
