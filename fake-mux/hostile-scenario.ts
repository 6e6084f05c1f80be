/**
 * The "hostile" scenario (`startFakeMux({ scenario: 'hostile' })`, `--scenario hostile`): the synthetic universe
 * with the values viewers control — video titles, series, the web player's name, a player error message (and so
 * the incident texts that quote it) — replaced by the hostile corpus (support/hostile-corpus.ts): markup, Slack
 * mentions and links, Teams markdown, newlines, C0/C1 and bidi controls, lone surrogates, 100,000-character
 * values, long non-ASCII and path-like values. Everything else (numbers, planted causes, consistency between
 * endpoints) is the synthetic fake's: a filter on a hostile value is mapped back before the query, so fan-out and
 * drill-downs on those values work like on real ones. The demo's universe stays realistic (issue 22 §6); only
 * tests use this.
 */
import { HOSTILE_CORPUS } from '../support/hostile-corpus.js';

/** Realistic value of the universe → what a hostile viewer sent instead. */
export const HOSTILE_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['Big Buck Bunny', HOSTILE_CORPUS.slackMentions],
  ['Café Tokyo 東京 — Night Food Walk 🎬', HOSTILE_CORPUS.longCjk],
  ['Sintel', HOSTILE_CORPUS.teamsMarkdown],
  ['Tears of Steel', `${HOSTILE_CORPUS.c0} ${HOSTILE_CORPUS.bidi}`],
  ['Morning News Live', HOSTILE_CORPUS.loneHigh],
  ['Football Highlights — Week 7', HOSTILE_CORPUS.long],
  ['Tom & Jerry "Remastered"', HOSTILE_CORPUS.html],
  ["Kids' Cartoon Hour", HOSTILE_CORPUS.newlines],
  ['Quarterly Earnings Call Q3', HOSTILE_CORPUS.pathLike],
  ['Élan vital: a documentary', HOSTILE_CORPUS.longAccents],
  ['Open Movies', HOSTILE_CORPUS.templates],
  ['Web Player', `${HOSTILE_CORPUS.c1} ${HOSTILE_CORPUS.bareLinks}`],
  [
    'MEDIA_ERR_SRC_NOT_SUPPORTED: The media could not be loaded',
    `${HOSTILE_CORPUS.html} *pwn* ${HOSTILE_CORPUS.loneLow}`,
  ],
]);

const BACK = new Map([...HOSTILE_REPLACEMENTS].map(([real, hostile]) => [hostile, real]));
const KEYS = [...HOSTILE_REPLACEMENTS.keys()].sort((a, b) => b.length - a.length);

function replaceIn(s: string): string {
  const exact = HOSTILE_REPLACEMENTS.get(s);
  if (exact !== undefined) return exact;
  let out = s;
  for (const k of KEYS) if (out.includes(k)) out = out.split(k).join(HOSTILE_REPLACEMENTS.get(k)!);
  return out;
}

/** A response body with the replacements applied to every string (values, not keys). */
export function hostileBody(body: unknown): unknown {
  if (typeof body === 'string') return replaceIn(body);
  if (Array.isArray(body)) return body.map(hostileBody);
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, hostileBody(v)]));
  }
  return body;
}

/** The query with `filters[]=dim:<hostile>` mapped back to the realistic value the universe knows. */
export function realQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of query) {
    if (k !== 'filters[]' && k !== 'filters' && k !== 'value') {
      out.append(k, v);
      continue;
    }
    const colon = v.indexOf(':');
    const [prefix, value] = k === 'value' ? ['', v] : [v.slice(0, colon + 1), v.slice(colon + 1)];
    out.append(k, prefix + (BACK.get(value) ?? value));
  }
  return out;
}
