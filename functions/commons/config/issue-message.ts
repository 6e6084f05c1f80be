/**
 * What is wrong with a configuration value in plain words ("must be at least 0"), for the zod checks whose schema
 * gives no message of its own. The loader's (load.ts) only: apart from the path formatting (issue-text.ts), which
 * the functions' lookups use too, so that it stays in the validator's lazy chunk.
 */
import type { z } from 'zod';

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
