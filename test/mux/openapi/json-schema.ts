/**
 * OpenAPI Schema Object (3.0 / 3.1 / 3.2 dialects, as Mux writes them) → JSON Schema 2020-12 for ajv.
 *
 * - `$ref` (`#/components/...`, same document) is inlined; a reference cycle throws (none exist in Mux's files,
 *   and inlining keeps ajv's error paths in terms of the response body).
 * - `nullable: true` (3.0 style, still used by Mux's 3.2 files) adds `'null'` to `type` (and to `enum`), or wraps a
 *   type-less schema in `anyOf [schema, {type: 'null'}]`. 3.1 type arrays (`type: [string, 'null']`) pass through.
 * - Annotation keywords (`description`, `example`, `examples`, `deprecated`, `default`, `x-*`, …) are dropped.
 *   Any other keyword that is not JSON Schema throws, so a construct we don't understand is never silently ignored.
 * - `closed: true` adds `additionalProperties: false` to every object schema that declares `properties` and says
 *   nothing about extra ones: the fake must not send fields Mux doesn't document (real Mux may; examples are
 *   checked open).
 *
 * One documented exception (`primitiveOneOfAsAnyOf`): a `oneOf` whose branches are all bare primitive types
 * becomes `anyOf`. Mux's timeseries row item is `oneOf [string, integer|null, number|null]`; under JSON Schema's
 * exactly-one rule an integer matches both `integer` and `number` and `null` matches both nullable branches, so
 * `154240` and the `[time, null, null]` rows Mux sends for empty buckets would be rejected. The intent is a union.
 */

export type JsonSchema = { [key: string]: unknown };
type Doc = { [key: string]: unknown };

export interface ConvertOptions {
  closed?: boolean;
}

/** JSON Schema keywords kept as they are (their subschemas are converted). */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs']);
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames']);
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const VALUE_KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'format',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);
/** OpenAPI / JSON Schema annotations: no effect on validation. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'example',
  'examples',
  'deprecated',
  'default',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
  '$comment',
]);

const isObject = (x: unknown): x is Doc => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Resolves a same-document JSON pointer (`#/components/schemas/Foo`). */
export function resolvePointer(doc: Doc, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only same-document $ref is supported, got "${ref}"`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) throw new Error(`unresolvable $ref "${ref}"`);
    node = node[key];
  }
  return node;
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** A branch like `{type: 'integer', format: 'int64'}` or `{type: ['number', 'null']}`: no structure, no constraints. */
function isBarePrimitive(s: unknown): boolean {
  if (!isObject(s)) return false;
  const types = Array.isArray(s['type']) ? s['type'] : [s['type']];
  return (
    types.every((t) => typeof t === 'string' && PRIMITIVE_TYPES.has(t)) &&
    Object.keys(s).every((k) => k === 'type' || k === 'format')
  );
}

function addNull(s: JsonSchema): JsonSchema {
  const type = s['type'];
  if (type === undefined) return { anyOf: [s, { type: 'null' }] };
  const out: JsonSchema = { ...s };
  const types = Array.isArray(type) ? type : [type];
  out['type'] = types.includes('null') ? types : [...types, 'null'];
  if (Array.isArray(s['enum']) && !s['enum'].includes(null)) out['enum'] = [...s['enum'], null];
  return out;
}

export function toJsonSchema(schema: unknown, doc: Doc, options: ConvertOptions = {}): JsonSchema {
  const convert = (node: unknown, at: string, refs: readonly string[]): JsonSchema => {
    if (node === true || node === false) return node ? {} : { not: {} };
    if (!isObject(node)) throw new Error(`${at}: a schema must be an object`);
    const ref = node['$ref'];
    let base: JsonSchema = {};
    if (ref !== undefined) {
      if (typeof ref !== 'string') throw new Error(`${at}: $ref must be a string`);
      if (refs.includes(ref)) throw new Error(`${at}: $ref cycle ${[...refs, ref].join(' → ')}`);
      base = convert(resolvePointer(doc, ref), ref, [...refs, ref]);
    }
    const out: JsonSchema = {};
    let nullable = false;
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}/${key}`;
      if (key === '$ref' || ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
      if (key === 'nullable') {
        if (typeof value !== 'boolean') throw new Error(`${here}: must be a boolean`);
        nullable = value;
      } else if (VALUE_KEYWORDS.has(key)) {
        if (key === 'required' && !Array.isArray(value)) throw new Error(`${here}: must be an array of names`);
        out[key] = value;
      } else if (SCHEMA_KEYWORDS.has(key)) {
        out[key] = typeof value === 'boolean' ? value : convert(value, here, refs);
      } else if (SCHEMA_LIST_KEYWORDS.has(key)) {
        if (!Array.isArray(value)) throw new Error(`${here}: must be an array of schemas`);
        out[key] = value.map((v, i) => convert(v, `${here}/${i}`, refs));
      } else if (SCHEMA_MAP_KEYWORDS.has(key)) {
        if (!isObject(value)) throw new Error(`${here}: must be an object of schemas`);
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, `${here}/${k}`, refs)]));
      } else {
        throw new Error(`${here}: unknown schema keyword "${key}"`);
      }
    }
    const oneOf = out['oneOf'];
    if (Array.isArray(oneOf) && oneOf.every(isBarePrimitive)) {
      delete out['oneOf'];
      out['anyOf'] = oneOf; // primitiveOneOfAsAnyOf, see the header
    }
    if (options.closed && isObject(out['properties']) && out['additionalProperties'] === undefined && !out['allOf']) {
      out['additionalProperties'] = false;
    }
    // OpenAPI 3.0 ignores siblings of $ref; 3.1+ applies both, which allOf expresses without merging keywords.
    let result: JsonSchema = ref === undefined ? out : Object.keys(out).length === 0 ? base : { allOf: [base, out] };
    if (nullable) result = addNull(result);
    return result;
  };
  return convert(schema, '#', []);
}
