/**
 * Drops each line's leading whitespace and the empty lines of an HTML document. MJML indents every nested table and
 * Eta repeats that indentation (and an empty line per logic tag) for every row of a loop: ~4 KB of each email, ~5 KB
 * of each bundle's template. The line breaks stay, so whatever whitespace separated two inline elements still does
 * (a line break renders as one space, like the indentation it replaces) and the rendered email is unchanged. Applied
 * at build time to the compiled template (scripts/build-templates.ts) and at run time to the filled email, so both
 * equal MJML compiling the filled template (test/render/equivalence.test.ts). Our templates have no `<pre>` or
 * `<textarea>`, where whitespace would be content.
 */
export function compactHtml(html: string): string {
  return html
    .split('\n')
    .map((line) => line.trimStart())
    .filter((line) => line !== '')
    .join('\n');
}
