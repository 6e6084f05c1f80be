/**
 * String hygiene and small formatting helpers shared by the view-model and the plain-text renderer.
 * Nothing here computes a metric: the snapshot already carries every display string.
 */

// C0/C1 controls (CR, LF, TAB, ESC…) and the Unicode line/paragraph separators.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Explicit bidi embeddings/overrides/isolates: they can reorder the text around them ("Trojan source").
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_RE_G = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value from Mux or the configuration, made safe to show on one line: control characters become one
 * space, and a string carrying bidi controls is wrapped in FSI…PDI so its reordering cannot leak into
 * the text around it. The characters themselves are kept (the reader sees what Mux returned).
 */
export function oneLine(s: string): string {
  const flat = s.replace(CONTROL_RE, ' ');
  return BIDI_RE.test(flat) ? `\u2068${flat}\u2069` : flat;
}

/** For mail headers: no control or bidi characters at all, collapsed spaces, capped in code points. */
export function headerSafe(s: string, max: number): string {
  const flat = s.replace(CONTROL_RE, ' ').replace(BIDI_RE_G, '').replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
}

/** Length in code points (what a reader counts; emoji and astral characters are one). */
const SURROGATE_RE = /[\ud800-\udfff]/;
export function cpLength(s: string): number {
  // Fast path: without surrogate pairs, UTF-16 units are code points.
  if (!SURROGATE_RE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cuts to at most `max` code points, ending with "…" when cut. */
export function truncate(s: string, max: number): string {
  // UTF-16 length ≥ code points: short strings need no counting.
  if (s.length <= max) return s;
  let n = 0;
  let cut = 0;
  for (const ch of s) {
    if (n < max - 1) cut += ch.length;
    n++;
    if (n > max) return `${s.slice(0, cut)}…`;
  }
  return s;
}

export function padEnd(s: string, width: number): string {
  const n = cpLength(s);
  return n >= width ? s : s + ' '.repeat(width - n);
}

export function padStart(s: string, width: number): string {
  const n = cpLength(s);
  return n >= width ? s : ' '.repeat(width - n) + s;
}

/** Only absolute http(s) links reach the email; the URL parser percent-encodes quotes and angle brackets. */
export function safeUrl(u: string): string | null {
  const t = u.trim();
  if (!/^https?:\/\//i.test(t)) return null;
  try {
    return new URL(t).href;
  } catch {
    return null;
  }
}

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
        month: 'short',
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
  return dateTimeFormat(timeZone)
    .format(t)
    .replace(/^(\w{3}),/, '$1');
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
    day: get('day'),
    month: get('month'),
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

/**
 * Word-wraps to `width` code points; words longer than a line are cut. Lines after the first get
 * `indent`. Used by the plain-text part only.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  if (cpLength(text) <= width) return [text];
  // Leading spaces are the first line's own indent and are kept.
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = '';
  let lineLen = 0;
  let avail = width - lead.length;
  const flush = (): void => {
    lines.push(lines.length === 0 ? lead + line : indent + line);
    line = '';
    lineLen = 0;
    avail = width - cpLength(indent);
  };
  for (const w of text.slice(lead.length).split(' ')) {
    if (!w) continue;
    let word = w;
    let len = cpLength(word);
    while (len > avail) {
      // A word longer than a line: cut it.
      if (line) flush();
      const cps = [...word];
      line = cps.slice(0, avail).join('');
      word = cps.slice(avail).join('');
      len -= avail;
      flush();
    }
    if (!word) continue;
    if (!line) {
      line = word;
      lineLen = len;
    } else if (lineLen + 1 + len <= avail) {
      line += ` ${word}`;
      lineLen += 1 + len;
    } else {
      flush();
      line = word;
      lineLen = len;
    }
  }
  if (line || lines.length === 0) flush();
  return lines;
}
