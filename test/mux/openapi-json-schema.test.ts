/** The OpenAPI → JSON Schema conversion the contract tests rely on, and the integrity of the vendored description. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDescription, OPENAPI_DIR } from './openapi/description.js';
import { toJsonSchema } from './openapi/json-schema.js';
import { createAjv, undeclaredKey, validator } from './openapi/validator.js';

const validate = validator(createAjv());
const doc = {
  components: {
    schemas: {
      Row: {
        type: 'object',
        required: ['id', 'note'],
        properties: { id: { type: 'string', format: 'uuid' }, note: { type: 'string', nullable: true } },
        example: { id: 'x' },
        'x-internal': true,
      },
      Loop: { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } },
    },
  },
};
const ok = (schema: object, value: unknown) => validate(toJsonSchema(schema, doc), value).map((f) => f.text);

describe('toJsonSchema', () => {
  it('resolves $ref, turns nullable into a null type, drops example and x- keywords', () => {
    const schema = { type: 'array', items: { $ref: '#/components/schemas/Row' } };
    expect(ok(schema, [{ id: '123e4567-e89b-12d3-a456-426614174000', note: null }])).toEqual([]);
    expect(ok(schema, [{ id: '123e4567-e89b-12d3-a456-426614174000' }])).toEqual([
      "/0: must have required property 'note'",
    ]);
    expect(ok(schema, [{ id: 'not-a-uuid', note: 1 }])).toEqual([
      '/0/id: must match format "uuid"',
      '/0/note: must be string,null',
    ]);
  });

  it('keeps 3.1 type arrays and adds null to enums', () => {
    expect(ok({ type: ['string', 'null'] }, null)).toEqual([]);
    expect(ok({ type: ['string', 'null'] }, 3)).toEqual(['/: must be string,null']);
    expect(ok({ type: 'string', enum: ['a'], nullable: true }, null)).toEqual([]);
    expect(ok({ type: 'string', enum: ['a'], nullable: true }, 'b')).toEqual([
      '/: must be equal to one of the allowed values',
    ]);
  });

  it('makes a oneOf of bare primitive types a union (Mux timeseries rows), but keeps structured oneOf exact', () => {
    const row = {
      type: 'array',
      items: { oneOf: [{ type: 'string' }, { type: 'integer', nullable: true }, { type: 'number', nullable: true }] },
    };
    expect(ok(row, ['2021-01-07T14:00:00Z', null, 154240])).toEqual([]);
    expect(ok(row, [true])).not.toEqual([]);
    const structured = {
      oneOf: [
        { type: 'object', required: ['a'], properties: { a: {} } },
        { type: 'object', required: ['b'], properties: { b: {} } },
      ],
    };
    expect(ok(structured, { a: 1, b: 2 })).toContain('/: must match exactly one schema in oneOf');
  });

  it('closed: undeclared properties fail and say where', () => {
    const schema = toJsonSchema({ $ref: '#/components/schemas/Row' }, doc, { closed: true });
    const failures = validate(schema, { id: '123e4567-e89b-12d3-a456-426614174000', note: 'n', extra: 1 });
    expect(failures.map((f) => f.text)).toEqual(['/: must NOT have additional properties "extra"']);
    expect(failures.map(undeclaredKey)).toEqual(['/extra']);
  });

  it('throws on unknown keywords, $ref cycles and foreign $refs instead of ignoring them', () => {
    expect(() => toJsonSchema({ type: 'string', discriminatorX: 1 }, doc)).toThrow(/unknown schema keyword/);
    expect(() => toJsonSchema({ $ref: '#/components/schemas/Loop' }, doc)).toThrow(/\$ref cycle/);
    expect(() => toJsonSchema({ $ref: 'other.yml#/A' }, doc)).toThrow(/same-document/);
    expect(() => toJsonSchema({ $ref: '#/components/schemas/Nope' }, doc)).toThrow(/unresolvable/);
  });
});

describe('the vendored description', () => {
  it('is byte-identical to what SOURCE.md records (sha256, length)', () => {
    const source = readFileSync(`${OPENAPI_DIR}/SOURCE.md`, 'utf8');
    const rows = [...source.matchAll(/^\| openapi\/(\S+\.yml) \| [0-9a-f]{40} \| (\d+) \| ([0-9a-f]{64}) \|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(loadDescription().files);
    for (const [, file, chars, sha] of rows) {
      const bytes = readFileSync(`${OPENAPI_DIR}/${file}`);
      expect(createHash('sha256').update(bytes).digest('hex'), file).toBe(sha);
      expect(bytes.toString('utf8').length, file).toBe(Number(chars));
    }
  });

  it('is strict: a missing required field, a wrong type or an undeclared field fails', () => {
    const op = loadDescription().operations.find((o) => o.operationId === 'list-breakdown-values')!;
    const example = op.examples[0]!.value as { data: Array<Record<string, unknown>>; meta?: unknown };
    const closed = op.successSchema({ closed: true })!;
    expect(validate(closed, example)).toEqual([]);
    const { meta: _meta, ...noMeta } = example;
    expect(validate(closed, noMeta).map((f) => f.text)).toEqual(["/: must have required property 'meta'"]);
    const stringViews = { ...example, data: [{ ...example.data[0], views: '5' }] };
    expect(validate(closed, stringViews).map((f) => f.text)).toEqual(['/data/0/views: must be integer']);
    const extra = { ...example, data: [{ ...example.data[0], source_type: 'hls' }] };
    expect(validate(closed, extra).map((f) => f.text)).toEqual([
      '/data/0: must NOT have additional properties "source_type"',
    ]);
  });
});
