/**
 * Reads the report configuration for the CDK app: the same commented `reports.config.jsonc` the
 * functions and the CLI read, validated with the same zod schema, so a config error fails `cdk synth`
 * (not the first scheduled run a week later).
 *
 * One small function on purpose: when `functions/commons/config/load.ts` (`loadConfig`) lands, only
 * its body changes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { type Config, configSchema } from '../functions/commons/config/schema.js';

export function loadInfraConfig(path: string): Config {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read the report configuration ${absolute} (${(err as Error).message}); ` +
        'pass another file with `-c configPath=<file>`',
    );
  }
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new Error(`${absolute}: invalid JSON (${printParseErrorCode(first.error)} at offset ${first.offset})`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${absolute}: invalid report configuration\n${lines.join('\n')}`);
  }
  return result.data;
}
