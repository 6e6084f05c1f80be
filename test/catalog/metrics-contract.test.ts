/** The metric catalog is Mux's OpenAPI description: the `METRIC_ID` enum, its order, and the documented defaults. */
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { MEASUREMENTS, METRIC_IDS, metricDef } from '../../functions/commons/catalog/metrics.js';
import { loadDescription, OPENAPI_DIR } from '../mux/openapi/description.js';

const overall = () => {
  const op = loadDescription().operations.find(
    (o) => o.method === 'get' && o.path === '/data/v1/metrics/{METRIC_ID}/overall',
  );
  if (!op) throw new Error('the description has no overall operation');
  return op;
};
const param = (name: string) => {
  const p = overall().parameters.find((x) => x.name === name);
  if (!p) throw new Error(`the overall operation has no ${name} parameter`);
  return p;
};
const enumOf = (name: string): string[] => (param(name).schema as { enum?: string[] }).enum ?? [];

describe('metric catalog vs the OpenAPI description', () => {
  it('holds exactly the documented METRIC_ID enum, in its order', () => {
    const documented = enumOf('METRIC_ID');
    expect(documented.length).toBeGreaterThan(40);
    expect(METRIC_IDS).toEqual(documented);
  });

  it('knows the documented measurements', () => {
    expect([...MEASUREMENTS]).toEqual(enumOf('measurement'));
  });

  it('uses the default measurement the description documents for every id it lists', () => {
    // The parameter's text: `"sum" : `a`, `b`…` one line per measurement.
    const doc = load(readFileSync(`${OPENAPI_DIR}/mux-com-metrics-api-openapi.yml`, 'utf8'), {
      schema: CORE_SCHEMA,
    }) as {
      components: { parameters: { measurement: { description: string } } };
    };
    const { description } = doc.components.parameters.measurement;
    const documented = new Map<string, string>();
    for (const m of description.matchAll(/"([a-z0-9]+)" : ((?:`[a-z_0-9]+`(?:, )?)+)/g)) {
      for (const id of m[2]!.matchAll(/`([a-z_0-9]+)`/g)) documented.set(id[1]!, m[1]!);
    }
    expect(documented.size).toBeGreaterThan(40);
    const checked = METRIC_IDS.filter((id) => documented.has(id));
    expect(checked.length).toBeGreaterThan(40);
    for (const id of checked) expect([id, metricDef(id).defaultMeasurement]).toEqual([id, documented.get(id)]);
  });
});
