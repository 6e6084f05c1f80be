import { describe, expect, it } from 'vitest';
import { encodeQuery, timeframeParam } from '../../functions/commons/mux/query.js';

describe('encodeQuery', () => {
  it('encodes an epoch timeframe pair as repeated raw-bracket params', () => {
    expect(encodeQuery({ timeframe: timeframeParam([1498867200, 1498953600]) })).toBe(
      'timeframe[]=1498867200&timeframe[]=1498953600',
    );
  });

  it('keeps the colon of a duration timeframe readable', () => {
    expect(encodeQuery({ timeframe: timeframeParam('7:days') })).toBe('timeframe[]=7:days');
  });

  it('keeps ! and : of negated filters, encodes spaces and reserved characters in values', () => {
    expect(encodeQuery({ filters: ['operating_system:windows', '!country:US', 'video_title:A&B = C/d'] })).toBe(
      'filters[]=operating_system:windows&filters[]=!country:US&filters[]=video_title:A%26B%20%3D%20C%2Fd',
    );
  });

  it('percent-encodes comparison operators in metric filters', () => {
    expect(encodeQuery({ metric_filters: ['aggregate_startup_time>=1000', 'rebuffer_percentage<0.5'] })).toBe(
      'metric_filters[]=aggregate_startup_time%3E%3D1000&metric_filters[]=rebuffer_percentage%3C0.5',
    );
  });

  it('encodes trace brackets and non-ASCII inside values', () => {
    expect(encodeQuery({ filters: ['video_cdn_trace:[fastly,akamai]', 'city:Zürich'] })).toBe(
      'filters[]=video_cdn_trace:%5Bfastly%2Cakamai%5D&filters[]=city:Z%C3%BCrich',
    );
  });

  it('emits scalars in insertion order and skips undefined, null and empty arrays', () => {
    expect(
      encodeQuery({
        group_by: 'country',
        timeframe: ['1700000000', '1700604800'],
        filters: [],
        metric_filters: undefined,
        measurement: null,
        order_by: 'negative_impact',
        order_direction: 'desc',
        page: 2,
        limit: 10,
      }),
    ).toBe(
      'group_by=country&timeframe[]=1700000000&timeframe[]=1700604800&order_by=negative_impact&order_direction=desc&page=2&limit=10',
    );
  });

  it('encodes the + of trace "contains" filters so it is not read as a space', () => {
    expect(encodeQuery({ filters: ['+video_cdn_trace:fastly', '-video_cdn_trace:akamai'] })).toBe(
      'filters[]=%2Bvideo_cdn_trace:fastly&filters[]=-video_cdn_trace:akamai',
    );
    expect(new URLSearchParams('filters[]=%2Bvideo_cdn_trace:fastly').getAll('filters[]')).toEqual([
      '+video_cdn_trace:fastly',
    ]);
  });

  it('returns an empty string for no params', () => {
    expect(encodeQuery({})).toBe('');
  });

  it('cannot be broken out of by a hostile value', () => {
    const qs = encodeQuery({ viewer_id: 'x&limit=1000#frag' });
    expect(qs).toBe('viewer_id=x%26limit%3D1000%23frag');
    expect(new URLSearchParams(qs).get('viewer_id')).toBe('x&limit=1000#frag');
  });
});

describe('timeframeParam', () => {
  it('rejects millisecond timestamps, reversed windows and malformed durations', () => {
    expect(() => timeframeParam([1700000000000, 1700000600000])).toThrow(/epoch seconds/);
    expect(() => timeframeParam([1700000600, 1700000000])).toThrow(/before/);
    expect(() => timeframeParam('7 days' as never)).toThrow(/7:days/);
    expect(() => timeframeParam('0:days')).toThrow();
    expect(timeframeParam(undefined)).toBeUndefined();
    expect(timeframeParam('24:hours')).toEqual(['24:hours']);
  });
});
