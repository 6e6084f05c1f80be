/**
 * Build-time MJML + run-time Eta must produce exactly what compiling the template with MJML at run
 * time would. Reference path: the layout's mj-includes are inlined textually, the whole MJML source is
 * filled by Eta (same options, same view-model), then compiled by MJML with the build's options and
 * checks. The comparison is exact (no whitespace normalisation). It holds because Eta runs with
 * autoTrim off and no mj-text content starts or ends with an Eta tag (MJML trims that content).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEta } from '../../functions/commons/render/eta-templates.js';
import { renderEmail, toViewModel } from '../../functions/commons/render/index.js';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import { compileMjml, TEMPLATES_DIR } from '../../scripts/build-templates.js';
import { defaultSnapshot, emptySnapshot, hostileSnapshot, partialSnapshot } from '../helpers/sample-snapshots.js';

/** The demo's snapshot: the golden weekly-qoe report collected from the fake Mux (test/report/collect.test.ts). */
const demoSnapshot = () =>
  snapshotSchema.parse(JSON.parse(readFileSync('test/fixtures/golden/weekly-qoe.snapshot.json', 'utf8')));

/** Replaces every `<mj-include path="…"/>` by the file's content (a head partial keeps only its mj-head). */
function inlineIncludes(source: string, dir: string): string {
  return source.replace(/<mj-include\s+path="([^"]+)"\s*\/>/g, (_, rel: string) => {
    const file = path.resolve(dir, rel);
    let text = readFileSync(file, 'utf8');
    const head = /<mj-head>[\s\S]*<\/mj-head>/.exec(text);
    if (head) text = head[0];
    return inlineIncludes(text, path.dirname(file));
  });
}

const layoutPath = path.join(TEMPLATES_DIR, 'layouts/report.mjml');
const inlined = inlineIncludes(readFileSync(layoutPath, 'utf8'), path.dirname(layoutPath));
const eta = createEta();

describe('build-time MJML + Eta equals run-time MJML', () => {
  it('has inlined every include', () => {
    expect(inlined).not.toContain('mj-include');
    expect(inlined).toContain('<mj-head>');
  });

  for (const [name, make] of Object.entries({
    demoSnapshot,
    defaultSnapshot,
    partialSnapshot,
    hostileSnapshot,
    emptySnapshot,
  })) {
    it(`${name}: identical HTML`, async () => {
      const snapshot = make();
      const filled = eta.renderString(inlined, toViewModel(snapshot));
      const reference = await compileMjml(filled, layoutPath);
      expect(renderEmail(snapshot).html).toBe(reference);
    });
  }

  it('a customer-facing report (personal footer with merge fields): identical HTML', async () => {
    const snapshot = defaultSnapshot();
    const filled = eta.renderString(inlined, toViewModel(snapshot, { audience: 'external' }));
    const html = renderEmail(snapshot, { audience: 'external' }).html;
    expect(html).toBe(await compileMjml(filled, layoutPath));
    expect(html).toContain('{{mqr:unsubscribe-url}}');
  });
});
