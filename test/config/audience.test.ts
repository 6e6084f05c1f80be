/** `audience` (config/audience.ts): its default, its error, and the warning for customer-looking fan-outs. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../functions/commons/config/load.js';
import { configWarnings } from '../../functions/commons/config/warnings.js';

const configWith = (extra: Record<string, unknown>) => ({
  environments: [{ name: 'demo' }],
  reports: [
    {
      id: 'per-customer',
      title: 'Per customer',
      environment: 'demo',
      recipients: ['am@platform.example'],
      from: 'qoe@platform.example',
      schedule: { time: '09:00' },
      ...extra,
    },
  ],
});
const fanOut = { dimension: 'sub_property_id', values: ['acme'], recipients: { acme: ['ops@acme.example'] } };

describe('audience', () => {
  it('is internal by default', () => {
    expect(parseConfig(configWith({}), 'test').reports[0]!.audience).toBe('internal');
  });

  it('names the field and the allowed values of a mistake', () => {
    try {
      parseConfig(configWith({ audience: 'customers' }), 'test');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const issue = (error as ConfigError).issues[0]!;
      expect(issue.path).toBe('reports[per-customer].audience');
      expect(issue.message).toMatch(/internal.*external/);
    }
  });

  it('warns when fan-out segments have their own recipients but the report is internal', () => {
    const warn = configWarnings(parseConfig(configWith({ fanOut }), 'test'));
    expect(warn).toEqual([
      {
        path: 'reports[per-customer].audience',
        message: expect.stringMatching(/sends 1 fan-out segment to their own recipients but is audience "internal"/),
      },
    ]);
    expect(configWarnings(parseConfig(configWith({ fanOut, audience: 'external' }), 'test'))).toEqual([]);
    expect(configWarnings(parseConfig(configWith({ fanOut: { ...fanOut, recipients: {} } }), 'test'))).toEqual([]);
  });
});
