/**
 * How a configuration problem reads: where it is (`reports[weekly-qoe].history.periods`, the report named by its id
 * rather than its position) and what is wrong in plain words ("must be at least 0"), for the zod checks whose
 * schema gives no message of its own. Used by the loader (load.ts) and the warnings (warnings.ts).
 */
import type { z } from 'zod';

/** What a list item may be named by in a path: a report's `id`, an environment's `name`. */
const NAME_KEYS = ['id', 'name'] as const;
/** Names shown in brackets must not be mistaken for an index or for path syntax. */
const SHOWABLE_NAME = /^(?!\d+$)[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The name of `list[index]` when it has one that no sibling shares, else undefined. */
function itemName(list: readonly unknown[], index: number): string | undefined {
  const item = list[index];
  if (typeof item !== 'object' || item === null) return undefined;
  for (const key of NAME_KEYS) {
    const name = (item as Record<string, unknown>)[key];
    if (typeof name !== 'string' || !SHOWABLE_NAME.test(name)) continue;
    const shared = list.some((other, i) => i !== index && (other as Record<string, unknown> | null)?.[key] === name);
    return shared ? undefined : name;
  }
  return undefined;
}

/**
 * `['reports', 0, 'timeZone']` → `reports[weekly-qoe].timeZone` when `root` (the document the path points into) has
 * a report with a unique id there, else `reports[0].timeZone`.
 */
export function formatIssuePath(path: readonly PropertyKey[], root?: unknown): string {
  let out = '';
  let node: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      const name = Array.isArray(node) ? itemName(node, key) : undefined;
      out += `[${name ?? key}]`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
    }
    node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return out || '(root)';
}

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string')
    return `the text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'object') return 'an object';
  return typeof input === 'number' || typeof input === 'boolean' ? String(input) : `a ${typeof input}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a text in quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ … ]',
  object: 'an object { … }',
};

const count = (n: unknown, unit: string) => `${String(n)} ${unit}${Number(n) === 1 ? '' : 's'}`;

/**
 * zod's default messages ("Too small: expected number to be >=0") in plain words, for the per-parse `error` option of
 * `safeParse`: it only applies where the schema sets no message itself. Undefined keeps zod's own.
 */
export function plainIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`} (got ${received(issue.input)})`;
    case 'too_small': {
      const { origin, minimum, inclusive } = issue;
      if (origin === 'array' || origin === 'set') return `must have at least ${count(minimum, 'item')}`;
      if (origin === 'string')
        return Number(minimum) <= 1 ? 'must not be empty' : `must be at least ${count(minimum, 'character')}`;
      if (origin === 'number' || origin === 'int')
        return `must be ${inclusive ? 'at least' : 'greater than'} ${String(minimum)}`;
      return undefined;
    }
    case 'too_big': {
      const { origin, maximum, inclusive } = issue;
      if (origin === 'array' || origin === 'set') return `must have at most ${count(maximum, 'item')}`;
      if (origin === 'string') return `must be at most ${count(maximum, 'character')}`;
      if (origin === 'number' || origin === 'int')
        return `must be ${inclusive ? 'at most' : 'less than'} ${String(maximum)}`;
      return undefined;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'must be an email address' : undefined;
    default:
      return undefined;
  }
}
