import { describe, expect, it } from 'vitest';
import {
  formatBps,
  formatCount,
  formatDeltaAbsolute,
  formatDeltaRelative,
  formatMs,
  formatPercentage,
  formatPerMinute,
  formatScore,
  formatValue,
} from '../../functions/commons/format/index.js';

describe('value formatting', () => {
  it('scores are 0–100 integers', () => {
    expect(formatScore(0.823)).toBe('82');
    expect(formatScore(0.8251)).toBe('83');
    expect(formatScore(1)).toBe('100');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(null)).toBe('N/A');
    expect(formatScore(Number.NaN)).toBe('N/A');
  });
  it('percentages are fractions shown with %', () => {
    expect(formatPercentage(0.0041)).toBe('0.41%');
    expect(formatPercentage(0.0123)).toBe('1.23%');
    expect(formatPercentage(0.1234)).toBe('12.3%');
    expect(formatPercentage(0)).toBe('0%');
    expect(formatPercentage(0.00001)).toBe('<0.01%');
    expect(formatPercentage(1)).toBe('100%');
    expect(formatPercentage(undefined)).toBe('N/A');
  });
  it('milliseconds scale from ms to hours', () => {
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(999.6)).toBe('1 s');
    expect(formatMs(1240)).toBe('1.24 s');
    expect(formatMs(12_440)).toBe('12.4 s');
    expect(formatMs(245_000)).toBe('4 min 5 s');
    expect(formatMs(240_000)).toBe('4 min');
    expect(formatMs(42 * 60_000)).toBe('42 min');
    expect(formatMs((2 * 60 + 5) * 60_000)).toBe('2 h 5 min');
    expect(formatMs(1234 * 3_600_000)).toBe('1,234 h');
    expect(formatMs(-120)).toBe('\u2212120 ms');
    expect(formatMs(null)).toBe('N/A');
  });
  it('counts, bitrates and rates', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(0.5)).toBe('0.5');
    expect(formatBps(3_210_000)).toBe('3.2 Mbps');
    expect(formatBps(851_582.9)).toBe('852 kbps');
    expect(formatBps(900)).toBe('900 bps');
    expect(formatPerMinute(0.11674)).toBe('0.12 /min');
    expect(formatValue('count', null)).toBe('N/A');
  });
});

describe('delta formatting', () => {
  it('scores in points, at most 1 decimal', () => {
    expect(formatDeltaAbsolute('score', 0.03)).toBe('+3');
    expect(formatDeltaAbsolute('score', -0.015)).toBe('\u22121.5');
    expect(formatDeltaAbsolute('score', 0.0001)).toBe('±0');
  });
  it('percentages in percentage points', () => {
    expect(formatDeltaAbsolute('percentage', 0.0005)).toBe('+0.05 pp');
    expect(formatDeltaAbsolute('percentage', -0.12)).toBe('\u221212 pp');
    expect(formatDeltaAbsolute('percentage', 0)).toBe('±0 pp');
  });
  it('ms, counts, bitrates, rates', () => {
    expect(formatDeltaAbsolute('ms', -120)).toBe('\u2212120 ms');
    expect(formatDeltaAbsolute('ms', 1240)).toBe('+1.24 s');
    expect(formatDeltaAbsolute('count', 2)).toBe('+2');
    expect(formatDeltaAbsolute('bps', -300_000)).toBe('\u2212300 kbps');
    expect(formatDeltaAbsolute('per_minute', 0.01)).toBe('+0.01 /min');
    expect(formatDeltaAbsolute('ms', null)).toBe('N/A');
  });
  it('relative changes for volume', () => {
    expect(formatDeltaRelative(0.041)).toBe('+4.1%');
    expect(formatDeltaRelative(-0.12)).toBe('\u221212%');
    expect(formatDeltaRelative(2.5)).toBe('+250%');
    expect(formatDeltaRelative(0)).toBe('±0%');
    expect(formatDeltaRelative(null)).toBe('N/A');
  });
});
