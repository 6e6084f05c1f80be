/**
 * Instants and periods on the report's wall clock, for display ("Mon 23 Nov 2026, 08:00", "Mon 16 Nov 2026 –
 * Sun 22 Nov 2026"). Intl only: snapshots carry ISO strings and epoch seconds, the zone comes with the report.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface LocalParts {
  y: number;
  m: number;
  d: number;
  hh: string;
  mm: string;
}

/** The local wall-clock parts of a snapshot period bound (`2026-11-16T00:00:00+01:00` is already local). */
function localParts(iso: string): LocalParts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), hh: m[4]!, mm: m[5]! };
}

function dayLabel(y: number, m: number, d: number): string {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[wd]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * "Mon 16 Nov 2026 – Sun 22 Nov 2026" for a period whose (exclusive) end is a midnight, a single day
 * when it covers one day, and wall-clock times otherwise.
 */
export function formatPeriodRange(start: string, end: string): string {
  const a = localParts(start);
  const b = localParts(end);
  if (!a || !b) return `${start} – ${end}`;
  const midnight = (p: LocalParts): boolean => p.hh === '00' && p.mm === '00';
  if (midnight(a) && midnight(b)) {
    const last = new Date(Date.UTC(b.y, b.m - 1, b.d - 1));
    const [ly, lm, ld] = [last.getUTCFullYear(), last.getUTCMonth() + 1, last.getUTCDate()];
    const first = dayLabel(a.y, a.m, a.d);
    const lastLabel = dayLabel(ly, lm, ld);
    return first === lastLabel ? first : `${first} – ${lastLabel}`;
  }
  return `${dayLabel(a.y, a.m, a.d)} ${a.hh}:${a.mm} – ${dayLabel(b.y, b.m, b.d)} ${b.hh}:${b.mm}`;
}

// Intl formatters are costly to build (~50 µs): one per time zone, built on first use.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        // Numeric, then our own names (MONTHS): ICU's en-GB abbreviations differ between Node versions ("Sept").
        month: 'numeric',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // An unknown zone (the config validates zones, an old snapshot might not): fall back to UTC.
      f = dateTimeFormat('UTC');
    }
    dateTimeFormats.set(timeZone, f);
  }
  return f;
}

/** "Mon 23 Nov 2026, 08:00" in the given zone; the raw string when it does not parse. */
export function formatInstant(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const p = instantParts(t, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.time}`;
}

interface InstantParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  time: string;
}

function instantParts(epochMs: number, timeZone: string): InstantParts {
  const parts = dateTimeFormat(timeZone).formatToParts(epochMs);
  const get = (t: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === t)?.value ?? '';
  return {
    weekday: get('weekday'),
    // Numeric months make en-GB pad the day ("01"): the number, as written elsewhere.
    day: String(Number(get('day'))),
    month: MONTHS[Number(get('month')) - 1] ?? '',
    year: get('year'),
    time: `${get('hour')}:${get('minute')}`,
  };
}

/**
 * An instant span on the wall clock of `timeZone`, to the minute: "Sun 8 Nov 18:00 – Sun 15 Nov 18:00"; years
 * appear only when the two ends are in different years (the email states the period with its year elsewhere).
 */
export function formatSpan(startEpochS: number, endEpochS: number, timeZone: string): string {
  const a = instantParts(startEpochS * 1000, timeZone);
  const b = instantParts(endEpochS * 1000, timeZone);
  const year = a.year !== b.year;
  const one = (p: InstantParts): string => `${p.weekday} ${p.day} ${p.month}${year ? ` ${p.year}` : ''} ${p.time}`;
  return `${one(a)} – ${one(b)}`;
}

/** "Sun 15 Nov 23:30" on the wall clock of `timeZone`. */
export function formatClock(epochS: number, timeZone: string): string {
  const p = instantParts(epochS * 1000, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.time}`;
}
