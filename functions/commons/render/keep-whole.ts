/**
 * The HTML encoder of every `<%= %>` in the email: XML-escapes (& < > " ', safe in text and in quoted attributes, as
 * Eta's own escape) and then keeps whole what a reader needs whole, in every section by construction: a number
 * and its unit ("120 ms", "0.4 pp"), an arrow and its number ("▲ +3") and the parts of a date ("Sat 21 Nov 2026")
 * are joined by no-break spaces, a range
 * ("80–86", "0.78%–0.83%") by word joiners around its dash. Free text still wraps at its other spaces (and after
 * the hyphen of a name such as "edge-fra-2", which stays a hyphen-minus so that ids copy and paste as they are);
 * the CSS keeps table cells from breaking inside a token (templates/partials/head.mjml, test/render/look.test.ts).
 * A URL (the links' href, the archive location) is only escaped. Only the HTML: the text part and chat keep plain
 * spaces.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A number (with its sign) followed by a space and a unit of ours (format/, catalog/metrics.ts). */
const NUMBER_UNIT = /([\d.,]) (%|ms|s|min|h|pp|kbps|Mbps|[kKMG]B)(?![\p{L}\d])/gu;
const ARROW = /([▲▼◆]) /gu;
const RANGE = /([\d%])–(?=[\d+−-])/gu;
/** Dates as format/ writes them: "Sat 21 Nov 2026", "16 Nov", "Nov 2026". */
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DATE = new RegExp(
  `\\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?=\\d)|\\b(\\d{1,2}) (?=${MONTH}\\b)|\\b(${MONTH}) (?=\\d{4}\\b)`,
  'g',
);
const URL = /^(https?|s3|mailto):/i;

export function keepWhole(escaped: string): string {
  return escaped
    .replace(NUMBER_UNIT, '$1&nbsp;$2')
    .replace(ARROW, '$1&nbsp;')
    .replace(RANGE, '$1&#8288;–&#8288;')
    .replace(DATE, (_, weekday, day, month) => `${weekday ?? day ?? month}&nbsp;`);
}

export function encodeHtml(value: unknown): string {
  const text = String(value);
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  return URL.test(text) ? escaped : keepWhole(escaped);
}
