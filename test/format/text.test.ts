import { describe, expect, it } from 'vitest';
import {
  cpLength,
  formatPeriodRange,
  headerSafe,
  oneLine,
  padEnd,
  padStart,
  safeUrl,
  truncate,
  wrap,
} from '../../functions/commons/format/index.js';

describe('text utils', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(cpLength('🎬🔥ab')).toBe(4);
    expect(padEnd('🎬', 3)).toBe('🎬  ');
    expect(padStart('שלום', 6)).toBe('  שלום');
  });

  it('truncates by code points and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('🎬🎬🎬🎬', 3)).toBe('🎬🎬…');
    expect(truncate('🎬🎬🎬', 3)).toBe('🎬🎬🎬');
  });

  it('wraps to the width, keeps the first line indent, indents the rest, cuts over-long words', () => {
    const lines = wrap('  one two three four five six seven', 12, '    ');
    expect(lines).toEqual(['  one two', '    three', '    four', '    five six', '    seven']);
    expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    for (const l of wrap('🎬 '.repeat(40), 20)) expect(cpLength(l)).toBeLessThanOrEqual(20);
  });

  it('one line: controls become spaces, bidi controls isolated; headers lose both', () => {
    expect(oneLine('a\r\nb\tc')).toBe('a b c');
    expect(oneLine('x\u202Ey')).toBe('\u2068x\u202Ey\u2069');
    expect(headerSafe('Hi\r\nBcc: x@y.z \u202Eevil', 150)).toBe('Hi Bcc: x@y.z evil');
    expect(headerSafe('é'.repeat(200), 150)).toHaveLength(150);
  });

  it('links: http(s) only, quotes and brackets percent-encoded', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,x')).toBeNull();
    expect(safeUrl('https://a.example/x?q="><b>')).toBe('https://a.example/x?q=%22%3E%3Cb%3E');
  });

  it('period ranges from local wall-clock bounds (end exclusive)', () => {
    expect(formatPeriodRange('2026-11-16T00:00:00+01:00', '2026-11-23T00:00:00+01:00')).toBe(
      'Mon 16 Nov 2026 – Sun 22 Nov 2026',
    );
    expect(formatPeriodRange('2026-11-22T00:00:00+01:00', '2026-11-23T00:00:00+01:00')).toBe('Sun 22 Nov 2026');
    expect(formatPeriodRange('2026-10-01T00:00:00+02:00', '2026-11-01T00:00:00+01:00')).toBe(
      'Thu 1 Oct 2026 – Sat 31 Oct 2026',
    );
    expect(formatPeriodRange('2026-11-22T06:00:00+01:00', '2026-11-22T18:00:00+01:00')).toBe(
      'Sun 22 Nov 2026 06:00 – Sun 22 Nov 2026 18:00',
    );
  });
});
