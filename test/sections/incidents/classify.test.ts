import { describe, expect, it } from 'vitest';
import { classifyIncident, countIncidents } from '../../../functions/commons/sections/incidents/classify.js';

describe('classifyIncident', () => {
  const p = { startEpoch: 1000, endEpoch: 2000 };
  const iso = (s: number) => new Date(s * 1000).toISOString();
  it('classifies by overlap', () => {
    expect(classifyIncident({ started_at: iso(1500), resolved_at: null }, p)).toBe('opened');
    expect(classifyIncident({ started_at: iso(1500), resolved_at: iso(2500) }, p)).toBe('opened');
    expect(classifyIncident({ started_at: iso(1000), resolved_at: iso(1999) }, p)).toBe('opened_and_resolved');
    expect(classifyIncident({ started_at: iso(500), resolved_at: iso(1500) }, p)).toBe('resolved');
    expect(classifyIncident({ started_at: iso(500), resolved_at: null }, p)).toBe('ongoing');
    expect(classifyIncident({ started_at: iso(500), resolved_at: iso(2000) }, p)).toBe('ongoing');
    expect(classifyIncident({ started_at: iso(500), resolved_at: iso(999) }, p)).toBeNull();
    expect(classifyIncident({ started_at: iso(2000), resolved_at: null }, p)).toBeNull();
    expect(classifyIncident({ started_at: null, resolved_at: null }, p)).toBeNull();
  });
  it('counts', () => {
    expect(countIncidents(['opened', 'opened_and_resolved', 'resolved', 'ongoing'])).toEqual({
      opened: 2,
      resolved: 2,
      stillOpen: 2,
    });
  });
});
