/** The dimension list that config validation accepts is exactly the breakdown `group_by` enum of Mux's description. */
import { describe, expect, it } from 'vitest';
import { BREAKDOWN_DIMENSIONS } from '../../functions/commons/config/dimensions.js';
import { loadDescription } from '../mux/openapi/description.js';

describe('config dimensions vs the OpenAPI description', () => {
  it('accepts every documented breakdown group_by value and nothing else', () => {
    const breakdown = loadDescription().operations.find(
      (o) => o.method === 'get' && o.path === '/data/v1/metrics/{METRIC_ID}/breakdown',
    );
    const groupBy = breakdown?.parameters.find((p) => p.name === 'group_by');
    const documented = (groupBy?.schema as { enum?: string[] } | undefined)?.enum ?? [];
    expect(documented.length).toBeGreaterThan(50);
    expect([...BREAKDOWN_DIMENSIONS].sort()).toEqual([...documented].sort());
  });
});
