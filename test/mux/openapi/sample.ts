/**
 * Two extreme instances of a (converted) JSON Schema, to check that a client schema accepts everything the
 * description allows, not just the one documented example:
 * - `sparse`: only required properties, `null` wherever null is allowed, empty-ish scalars;
 * - `dense`: every declared property, never null, the first declared type of each union.
 * Arrays get `max(1, minItems)` items. Both are checked against the description by the caller too.
 */
import type { JsonSchema } from './json-schema.js';

export type SampleMode = 'sparse' | 'dense';

const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  'date-time': '2021-01-07T14:00:00Z',
  date: '2021-01-07',
};

const isObject = (x: unknown): x is JsonSchema => typeof x === 'object' && x !== null && !Array.isArray(x);

function allowsNull(s: JsonSchema): boolean {
  const t = s['type'];
  if (t === 'null' || (Array.isArray(t) && t.includes('null'))) return true;
  const anyOf = s['anyOf'];
  return Array.isArray(anyOf) && anyOf.some((b) => isObject(b) && allowsNull(b));
}

export function sample(schema: JsonSchema, mode: SampleMode): unknown {
  if (mode === 'sparse' && allowsNull(schema)) return null;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      const pick = branches.find((b) => isObject(b) && b['type'] !== 'null') ?? branches[0];
      return sample(pick as JsonSchema, mode);
    }
  }
  if (schema['allOf'] !== undefined) throw new Error('sample: allOf is not supported');
  const e = schema['enum'];
  if (Array.isArray(e)) return e.find((v) => v !== null) ?? null;
  const types = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
  const type = types.find((t) => t !== 'null');
  switch (type) {
    case 'object': {
      const props = isObject(schema['properties']) ? schema['properties'] : {};
      const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) {
        if (mode === 'dense' || required.has(k)) out[k] = sample(v as JsonSchema, mode);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(1, Number(schema['minItems'] ?? 0));
      return Array.from({ length: n }, () => (isObject(schema['items']) ? sample(schema['items'], mode) : null));
    }
    case 'string': {
      const f = schema['format'];
      return typeof f === 'string' && FORMAT_SAMPLES[f] ? FORMAT_SAMPLES[f] : mode === 'dense' ? 'x' : '';
    }
    case 'integer':
      return mode === 'dense' ? 1 : 0;
    case 'number':
      return mode === 'dense' ? 0.5 : 0;
    case 'boolean':
      return mode === 'dense';
    case undefined:
      return mode === 'dense' ? {} : null;
    default:
      throw new Error(`sample: unsupported type ${String(type)}`);
  }
}
