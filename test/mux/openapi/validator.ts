/**
 * ajv (JSON Schema 2020-12, the OpenAPI 3.1+ dialect) set up strictly: unknown keywords and formats in a schema
 * throw at compile time, union types are allowed (they come from `nullable`), all errors are reported, and the
 * OpenAPI formats (`int32`, `int64`, `float`, `double`, `date`, `date-time`, `uuid`) are checked by ajv-formats.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './json-schema.js';

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictRequired: true, allErrors: true, allowUnionTypes: true });
  // ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose `.default` is the plugin.
  addFormats.default(ajv);
  return ajv;
}

export interface Failure {
  /** JSON pointer into the value, `''` for the root. */
  instancePath: string;
  keyword: string;
  /** The undeclared property, for `additionalProperties` failures. */
  property?: string;
  /** `/data/0/field: must be string` */
  text: string;
}

/** Compiles once per schema object; returns every failure, empty when the value is valid. */
export function validator(ajv: Ajv2020): (schema: JsonSchema, value: unknown) => Failure[] {
  const cache = new WeakMap<JsonSchema, ValidateFunction>();
  return (schema, value) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => {
      const property = e.keyword === 'additionalProperties' ? String(e.params['additionalProperty']) : undefined;
      const text = `${e.instancePath || '/'}: ${e.message ?? e.keyword}${property ? ` "${property}"` : ''}`;
      return { instancePath: e.instancePath, keyword: e.keyword, text, ...(property ? { property } : {}) };
    });
  };
}

/** Where an undeclared property sits, whatever the row: `/data/3/files/0` + `path` → `/data/{i}/files/{i}/path`. */
export const undeclaredKey = (f: Failure): string =>
  `${f.instancePath.replace(/\/\d+(?=\/|$)/g, '/{i}')}/${f.property}`;
