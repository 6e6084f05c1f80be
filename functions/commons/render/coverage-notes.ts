/**
 * The lines that say which span the numbers cover, when it is not exactly the report's local period, and that a
 * period is partial. Built from the snapshot's `coverage` (absent in snapshots written before it existed: those
 * covered exactly `period`, so no line).
 *
 *   coverage  "Numbers cover Sun 8 Nov 18:00 – Sun 15 Nov 18:00 UTC (Sun 8 Nov 23:30 – Sun 15 Nov 23:30
 *              Asia/Kolkata): Mux rounds a week to whole hours."
 *   previous  "No comparison with week of 2 Mar 2026: Mux Data refused that period (…)."
 *   partial   "Partial numbers: the data ends Mon 16 Nov 00:00 (Europe/Paris), 30 minutes before this report was
 *              generated. …"
 */

import { formatClock, formatSpan, oneLine } from '../format/index.js';
import type { Snapshot } from '../report/snapshot-schema.js';

type Coverage = NonNullable<Snapshot['coverage']>;
type Covered = Coverage['period']['covered'];

const SPAN_NOUN: Record<Snapshot['period']['cadence'], string> = {
  daily: 'a day',
  weekly: 'a week',
  monthly: 'a month',
  custom: 'a span of this length',
};

const ROUNDED_TO: Record<Coverage['rounding'], string> = {
  ten_minutes: '10-minute boundaries',
  hour: 'whole hours',
  day: 'whole UTC days',
};

/** "Sun 8 Nov 18:00 – Sun 15 Nov 18:00 UTC (Sun 8 Nov 23:30 – Sun 15 Nov 23:30 Asia/Kolkata)". */
function bothClocks(c: Covered, timeZone: string): string {
  const utc = formatSpan(c.startEpoch, c.endEpoch, 'UTC');
  const local = formatSpan(c.startEpoch, c.endEpoch, timeZone);
  return local === utc ? `${utc} UTC` : `${utc} UTC (${local} ${oneLine(timeZone)})`;
}

export function coverageNote(s: Snapshot): string | null {
  const cov = s.coverage;
  if (!cov || cov.period.cause === 'none') return null;
  const span = bothClocks(cov.period.covered, s.period.timeZone);
  switch (cov.period.cause) {
    case 'rounding':
      return `Numbers cover ${span}: Mux rounds ${SPAN_NOUN[s.period.cadence]} to ${ROUNDED_TO[cov.rounding]}.`;
    case 'retention':
      return `Numbers cover ${span} only: Mux Data no longer keeps the start of this period.`;
    default:
      return `Numbers cover ${span}: the span Mux Data answered for.`;
  }
}

export function previousNote(s: Snapshot): string | null {
  const prev = s.coverage?.previousPeriod;
  if (!prev) return null;
  const label = oneLine(s.previousPeriod.label);
  if (prev.refused !== null)
    return `No comparison with ${label}: Mux Data refused that period (${oneLine(prev.refused)}).`;
  if (prev.cause === 'retention' || prev.cause === 'mux') {
    return `The comparison with ${label} covers ${bothClocks(prev.covered, s.period.timeZone)} only: the span Mux Data answered for.`;
  }
  return null;
}

export function partialNote(s: Snapshot): string | null {
  const cov = s.coverage;
  if (!cov?.partial) return null;
  const end = cov.period.covered.endEpoch;
  const generated = Math.floor(Date.parse(s.generatedAt) / 1000);
  const minutes = Math.floor((generated - end) / 60);
  const when =
    generated >= end
      ? `${minutes} minute${minutes === 1 ? '' : 's'} before this report was generated`
      : 'after this report was generated';
  return (
    `Partial numbers: the data ends ${formatClock(end, s.period.timeZone)} (${oneLine(s.period.timeZone)}), ${when}. ` +
    'Mux counts a view when it ends, and a view stays open up to an hour after playback stops, so some views are not counted yet.'
  );
}
