/**
 * Loads Mux's OpenAPI description of the Data API (the YAML files next to this module, copied verbatim from
 * api-evangelist/mux-com, see SOURCE.md) and lists what the contract tests walk: every operation (path × method)
 * with its parameters, its documented success response schema, and every documented response example.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load } from 'js-yaml';
import { type JsonSchema, resolvePointer, toJsonSchema } from './json-schema.js';

type Doc = { [key: string]: unknown };

export const OPENAPI_DIR = fileURLToPath(new URL('./', import.meta.url));

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** Converted schema of the parameter's value (open). */
  schema: JsonSchema;
  /** The `example` the description gives for it, if any. */
  example?: unknown;
}

export interface ResponseExample {
  operationId: string;
  status: number;
  /** `example` or the key under `examples`. */
  name: string;
  value: unknown;
}

export interface Operation {
  file: string;
  openapi: string;
  method: Method;
  path: string;
  operationId: string;
  deprecated: boolean;
  parameters: Parameter[];
  /** Example request body (`requestBody.content['application/json'].example`), if documented. */
  requestExample?: unknown;
  /** The one documented 2xx status. */
  successStatus: number;
  /** Its JSON body schema (converted once per `closed`), null when the response has no content (204). */
  successSchema: (options: { closed: boolean }) => JsonSchema | null;
  examples: ResponseExample[];
}

const isObject = (x: unknown): x is Doc => typeof x === 'object' && x !== null && !Array.isArray(x);

function deref(doc: Doc, node: unknown): unknown {
  let n = node;
  for (let depth = 0; isObject(n) && typeof n['$ref'] === 'string'; depth++) {
    if (depth > 20) throw new Error(`$ref chain too long at ${String(n['$ref'])}`);
    n = resolvePointer(doc, n['$ref']);
  }
  return n;
}

function field<T>(value: unknown, what: string, check: (v: unknown) => v is T): T {
  if (!check(value)) throw new Error(`OpenAPI: ${what} is missing or malformed`);
  return value;
}
const isString = (v: unknown): v is string => typeof v === 'string';

function parameters(doc: Doc, raw: unknown, where: string): Parameter[] {
  if (raw === undefined) return [];
  return field(raw, `${where}.parameters`, Array.isArray).map((p, i) => {
    const param = field(deref(doc, p), `${where}.parameters[${i}]`, isObject);
    const name = field(param['name'], `${where}.parameters[${i}].name`, isString);
    const location = field(param['in'], `${where}.parameters[${i}].in`, isString) as Parameter['in'];
    const out: Parameter = {
      name,
      in: location,
      required: param['required'] === true,
      schema: toJsonSchema(param['schema'] ?? {}, doc),
    };
    if ('example' in param) out.example = param['example'];
    return out;
  });
}

function jsonContent(doc: Doc, response: unknown, where: string): Doc | null {
  const r = field(deref(doc, response), where, isObject);
  if (r['content'] === undefined) return null;
  const content = field(r['content'], `${where}.content`, isObject);
  const json = content['application/json'];
  if (json === undefined) throw new Error(`OpenAPI: ${where} has content but no application/json`);
  return field(json, `${where}.content.application/json`, isObject);
}

function examplesOf(doc: Doc, media: Doc, operationId: string, status: number): ResponseExample[] {
  const out: ResponseExample[] = [];
  if ('example' in media) out.push({ operationId, status, name: 'example', value: media['example'] });
  if (media['examples'] !== undefined) {
    for (const [name, ex] of Object.entries(field(media['examples'], `${operationId} examples`, isObject))) {
      const resolved = field(deref(doc, ex), `${operationId} examples.${name}`, isObject);
      if ('value' in resolved) out.push({ operationId, status, name, value: resolved['value'] });
    }
  }
  return out;
}

function operationsOf(file: string, doc: Doc): Operation[] {
  const openapi = field(doc['openapi'], `${file}: openapi`, isString);
  const paths = field(doc['paths'], `${file}: paths`, isObject);
  const ops: Operation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = field(deref(doc, rawItem), `${file} ${path}`, isObject);
    const shared = parameters(doc, item['parameters'], `${file} ${path}`);
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const where = `${file} ${method.toUpperCase()} ${path}`;
      const o = field(op, where, isObject);
      const operationId = field(o['operationId'], `${where}.operationId`, isString);
      const own = parameters(doc, o['parameters'], where);
      const merged = [...shared.filter((s) => !own.some((p) => p.name === s.name && p.in === s.in)), ...own];
      const responses = field(o['responses'], `${where}.responses`, isObject);
      const success = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
      if (success.length !== 1) throw new Error(`OpenAPI: ${where} documents ${success.length} 2xx responses`);
      const successStatus = Number(success[0]);
      const media = jsonContent(doc, responses[success[0]!], `${where}.responses.${successStatus}`);
      const examples: ResponseExample[] = [];
      for (const [status, response] of Object.entries(responses)) {
        const m = jsonContent(doc, response, `${where}.responses.${status}`);
        if (m) examples.push(...examplesOf(doc, m, operationId, Number(status)));
      }
      const converted = new Map<boolean, JsonSchema | null>();
      const successSchema = ({ closed }: { closed: boolean }): JsonSchema | null => {
        if (!converted.has(closed))
          converted.set(closed, media ? toJsonSchema(media['schema'], doc, { closed }) : null);
        return converted.get(closed) ?? null;
      };
      const body = o['requestBody'] === undefined ? null : field(deref(doc, o['requestBody']), where, isObject);
      const bodyMedia = body && isObject(body['content']) ? body['content']['application/json'] : undefined;
      ops.push({
        file,
        openapi,
        method,
        path,
        operationId,
        deprecated: o['deprecated'] === true,
        parameters: merged,
        ...(isObject(bodyMedia) && 'example' in bodyMedia ? { requestExample: bodyMedia['example'] } : {}),
        successStatus,
        successSchema,
        examples,
      });
    }
  }
  return ops;
}

export interface Description {
  files: string[];
  operations: Operation[];
}

/** Every operation of every `*.yml` in `dir`; operation ids must be unique across files. */
export function loadDescription(dir = OPENAPI_DIR): Description {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
  // js-yaml, not `yaml`: ~15 ms for the ten files warm vs ~250 ms. The YAML 1.2 core schema keeps unquoted
  // dates as strings (no Date objects); duplicate keys throw.
  const parse = (file: string) => load(readFileSync(`${dir}/${file}`, 'utf8'), { schema: CORE_SCHEMA }) as Doc;
  const operations = files.flatMap((file) => operationsOf(file, parse(file)));
  const seen = new Set<string>();
  for (const op of operations) {
    if (seen.has(op.operationId)) throw new Error(`OpenAPI: duplicate operationId ${op.operationId}`);
    seen.add(op.operationId);
  }
  return { files, operations };
}

/** `/data/v1/incidents/{INCIDENT_ID}` + `{ INCIDENT_ID: 'abc' }` → `/data/v1/incidents/abc`. */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return encodeURIComponent(v);
  });
}
