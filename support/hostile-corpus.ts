/**
 * The hostile corpus: what any viewer can make Mux return (docs/security.md), in one place for every test of the
 * Mux boundary, of the encoders (one per destination) and of keys, and for the fake's hostile scenario
 * (fake-mux/hostile-scenario.ts). Test data only.
 */

/** One entry per attack; `name` says what it tries. */
export const HOSTILE_CORPUS = {
  html: '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} is the point (template injection)
  templates: '{{x}} <%= it.x %> <%~ process.exit() %> ${x}',
  slackMentions: '<!channel> <!here> <@U12345> <!subteam^S123> @channel @here <https://evil.example|click here>',
  teamsMarkdown: '[click](https://evil.example) **pwn** _it_ ~~x~~ `code` # heading',
  bareLinks: 'visit evil.example or https://evil.example/login now',
  newlines: 'first line\nBcc: victim@evil.example\r\n- fake bullet\n\n**second**',
  c0: 'bell\u0007 null\u0000 tab\t esc\u001b[2J clear \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b]52;c;cHduZWQ=\u0007',
  c1: 'csi\u009b31m red \u0085nel \u009dosc',
  bidi: '\u202egnp.exe \u2066isolate\u2069 \u202aembed\u202c \u2028sep\u2029',
  loneHigh: 'lone \ud800 high',
  loneLow: 'lone \udc00 low',
  emoji: 'Café – Ünïcödé 東京 🎬 שלום',
  pathLike: '../../etc/passwd/./x=1\\..\\',
  dots: '..',
  proto: '__proto__',
  long: 'x'.repeat(100_000),
  longAccents: 'é'.repeat(60),
  longCjk: '東'.repeat(200),
  longEmoji: '🎬'.repeat(300),
  muxEmphasis: 'due to an error of *MEDIA_ERR_SRC_NOT_SUPPORTED: The element has no supported sources*',
} as const;

export type HostileName = keyof typeof HOSTILE_CORPUS;
export const HOSTILE_VALUES: readonly string[] = Object.values(HOSTILE_CORPUS);

/** Every corpus entry, and every pair joined (the join of two attacks is an attack too). */
export function hostileCases(): [string, string][] {
  const entries = Object.entries(HOSTILE_CORPUS);
  return [
    ...entries,
    ...entries.flatMap(([a, x]) =>
      entries
        .filter(([, y]) => y.length < 1000 && x.length < 1000)
        .map(([b, y]) => [`${a}+${b}`, `${x} ${y}`] as [string, string]),
    ),
  ];
}
