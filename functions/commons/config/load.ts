/**
 * Loads and validates the report configuration (`reports.config.jsonc`): JSONC text (comments and
 * trailing commas allowed) → zod `configSchema` → Mux dimension checks. Every failure is a
 * `ConfigError` listing each problem as `path: reason`, named after where the config came from, so
 * the same message reads well in `cdk synth`, the CLI and a Lambda log. Valid settings that give worse reports
 * (warnings.ts) never fail a load: they go to `onWarning`, which `cdk synth` and the CLI print.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { z } from 'zod';
import { METRIC_IDS } from '../catalog/metrics.js';
import { closest } from './closest.js';
import { KNOWN_DIMENSIONS } from './dimensions.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { plainIssueMessage } from './issue-message.js';
import { formatIssuePath } from './issue-text.js';
import { type Config, configSchema } from './schema.js';
import { configWarnings } from './warnings.js';

export { ConfigError, type ConfigIssue } from './errors.js';
export { formatIssuePath } from './issue-text.js';
export { environmentOf, findReport } from './lookup.js';

export const DEFAULT_CONFIG_FILE = 'reports.config.jsonc';

export interface ConfigSource {
  /** A JSONC file. */
  path?: string;
  /** JSON(C) text given directly (tests, API). */
  json?: string;
  /** Where `REPORTS_CONFIG` (JSON text) / `REPORTS_CONFIG_PATH` are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Base for relative paths and the default file; default `process.cwd()`. */
  cwd?: string;
  /** Receives each warning of a valid configuration (warnings.ts), with the name of its source. */
  onWarning?: (warning: ConfigIssue, source: string) => void;
}

/**
 * Loads the configuration from the first of: `source.json`, `source.path`, `$REPORTS_CONFIG` (JSON
 * text), `$REPORTS_CONFIG_PATH`, `./reports.config.jsonc`.
 */
export function loadConfig(source: ConfigSource = {}): Config {
  const { config, name } = loadNamed(source);
  if (source.onWarning) for (const w of configWarnings(config)) source.onWarning(w, name);
  return config;
}

function loadNamed(source: ConfigSource): { config: Config; name: string } {
  const env = source.env ?? process.env;
  const cwd = source.cwd ?? process.cwd();
  const named = (text: string, name: string) => ({ config: parseConfig(parseConfigText(text, name), name), name });
  if (source.json !== undefined) return named(source.json, 'inline JSON');
  const fromEnv = env['REPORTS_CONFIG'];
  if (source.path === undefined && fromEnv !== undefined && fromEnv.trim() !== '') {
    return named(fromEnv, 'REPORTS_CONFIG environment variable');
  }
  const path = source.path ?? (env['REPORTS_CONFIG_PATH'] || DEFAULT_CONFIG_FILE);
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(
      path,
      [{ path: '', message: `cannot read ${absolute}: ${reason}` }],
      'cannot load configuration',
    );
  }
  return named(text, path);
}

/** JSONC text → value. Syntax errors are reported as `line:column: reason` (1-based). */
export function parseConfigText(text: string, sourceName: string): unknown {
  // Plain JSON (REPORTS_CONFIG as the stack writes it) takes the built-in parser: the JSONC scanner's first run
  // cost ~4 ms of a cold start. Anything else (comments, trailing commas, errors to locate) goes to JSONC.
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not plain JSON: parsed (or refused with line:column) below.
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: true,
  });
  if (errors.length > 0) {
    throw new ConfigError(
      sourceName,
      errors.map((e) => {
        const { line, column } = lineColumn(text, e.offset);
        return { path: `${line}:${column}`, message: humanize(printParseErrorCode(e.error)) };
      }),
      'syntax error',
    );
  }
  if (value === undefined) throw new ConfigError(sourceName, [{ path: '', message: 'the document is empty' }]);
  return value;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `PropertyNameExpected` → `property name expected` */
function humanize(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Validates a parsed document: schema, then documented Mux dimensions. */
export function parseConfig(value: unknown, sourceName: string): Config {
  const result = configSchema.safeParse(value, {
    // One parse per process (at init): zod's JIT would compile a parser for each object schema first, which cost
    // ~15 ms of a cold `GET /reports` (npm run bench) to save microseconds once.
    jitless: true,
    // Only fills in what the schema does not say itself, in plain words (issue-message.ts).
    error: plainIssueMessage,
  });
  if (!result.success)
    throw new ConfigError(
      sourceName,
      result.error.issues.flatMap((i) => toIssues(i, value)),
    );
  const muxIssues = [
    ...checkDimensions(result.data, KNOWN_DIMENSIONS, { breakdowns: true }),
    ...checkMetrics(result.data),
  ];
  if (muxIssues.length > 0) throw new ConfigError(sourceName, muxIssues);
  return result.data;
}

function checkMetrics(config: Config): ConfigIssue[] {
  const known = METRIC_IDS;
  const issues: ConfigIssue[] = [];
  config.reports.forEach((report, r) => {
    report.keyMetrics?.forEach((ref, k) => {
      const metric = ref.split(':')[0]!;
      if (known.includes(metric)) return;
      const suggestion = closest(metric, known);
      issues.push({
        path: formatIssuePath(['reports', r, 'keyMetrics', k], config),
        message: `unknown Mux metric "${metric}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      });
    });
  });
  return issues;
}

function toIssues(issue: z.core.$ZodIssue, root: unknown): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = objectKeysAt(issue.path);
    return issue.keys.map((key) => {
      const suggestion = allowed.length > 0 ? closest(key, allowed) : undefined;
      const hint = suggestion
        ? `; did you mean "${suggestion}"?`
        : allowed.length > 0
          ? ` (allowed: ${allowed.join(', ')})`
          : '';
      return { path: formatIssuePath([...issue.path, key], root), message: `unknown field${hint}` };
    });
  }
  return [{ path: formatIssuePath(issue.path, root), message: issue.message }];
}

/** Minimal view of zod 4 internals, enough to walk object / array / wrapper schemas. */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, SchemaNode>;
      element?: SchemaNode;
      innerType?: SchemaNode;
      in?: SchemaNode;
    };
  };
}

/** Field names the schema allows for the object at `path` (for "did you mean" hints). */
function objectKeysAt(path: readonly PropertyKey[]): string[] {
  let node: SchemaNode | undefined = configSchema as unknown as SchemaNode;
  const unwrap = (n: SchemaNode | undefined): SchemaNode | undefined => {
    let cur = n;
    while (cur && (cur._zod.def.innerType || cur._zod.def.type === 'pipe')) {
      cur = cur._zod.def.innerType ?? cur._zod.def.in;
    }
    return cur;
  };
  for (const key of path) {
    node = unwrap(node);
    if (!node) return [];
    node = typeof key === 'number' ? node._zod.def.element : node._zod.def.shape?.[String(key)];
  }
  node = unwrap(node);
  return node?._zod.def.shape ? Object.keys(node._zod.def.shape) : [];
}

interface DimensionCheckOptions {
  /** Also check `breakdownDimensions` (the live basic/advanced lists omit many breakdown-only ids). */
  breakdowns: boolean;
}

function checkDimensions(config: Config, known: readonly string[], options: DimensionCheckOptions): ConfigIssue[] {
  const knownSet = new Set(known);
  const issues: ConfigIssue[] = [];
  const unknown = (path: PropertyKey[], dimension: string, what: string) => {
    const suggestion = closest(dimension, known);
    issues.push({
      path: formatIssuePath(path, config),
      message: `unknown Mux dimension "${dimension}" in ${what}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    });
  };
  config.reports.forEach((report, r) => {
    report.filters.forEach((filter, f) => {
      const dimension = filterDimension(filter);
      if (!knownSet.has(dimension)) unknown(['reports', r, 'filters', f], dimension, `filter "${filter}"`);
    });
    if (options.breakdowns) {
      report.breakdownDimensions.forEach((dimension, b) => {
        if (!knownSet.has(dimension))
          unknown(['reports', r, 'breakdownDimensions', b], dimension, 'breakdownDimensions');
      });
    }
  });
  return issues;
}

/** `!country:US` → `country` */
export function filterDimension(filter: string): string {
  const body = filter.startsWith('!') ? filter.slice(1) : filter;
  const colon = body.indexOf(':');
  return colon < 0 ? body : body.slice(0, colon);
}

/**
 * Checks every report's `filters[]` against a live dimension list (`GET /data/v1/dimensions` →
 * `data`). Returns the problems (empty when all is well) rather than throwing: the caller decides
 * whether an unknown dimension is fatal (a Mux 400 later) or a warning.
 */
export function validateFiltersAgainst(
  dimensions: { basic: readonly string[]; advanced: readonly string[] },
  config: Config,
): ConfigIssue[] {
  return checkDimensions(config, [...dimensions.basic, ...dimensions.advanced], { breakdowns: false });
}
