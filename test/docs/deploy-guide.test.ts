/**
 * docs/deploy.md describes the stack `cdk synth` makes: its resource table (counts per CloudFormation type, for the
 * sample reports.config.jsonc), the alarm count of its cost table and the numbers of its retry path are compared
 * with the synthesized template and the constructs' constants.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from '../../infra/app.js';
import { MAX_RECEIVES, VISIBILITY_TIMEOUT_FACTOR } from '../../infra/constructs/report-queue.js';
import { SCHEDULE_MAX_EVENT_AGE, SCHEDULE_RETRY_ATTEMPTS } from '../../infra/constructs/report-schedules.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const guide = readFileSync(path.join(REPO, 'docs/deploy.md'), 'utf8');

let counts: Record<string, number>;

beforeAll(() => {
  // The sample configuration, as `npx cdk synth` in the repository reads it (bundling skipped: counts only).
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], configPath: path.join(REPO, 'reports.config.jsonc') },
  });
  const resources = Template.fromStack(buildStack(app)).toJSON().Resources as Record<string, { Type: string }>;
  counts = {};
  for (const r of Object.values(resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
}, 120_000);

/** The rows `| \`AWS::X::Y\` | n | …` of the section "What the stack creates". */
function documentedCounts(): Record<string, number> {
  const section = guide.slice(guide.indexOf('## What the stack creates'), guide.indexOf('## First deploy'));
  const rows = [...section.matchAll(/^\| `(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)` \| (\d+) \|/gm)];
  return Object.fromEntries(rows.map((m) => [m[1]!, Number(m[2])]));
}

describe('docs/deploy.md', () => {
  it('lists every resource type of the synthesized template with its count, and nothing else', () => {
    expect(documentedCounts()).toEqual(counts);
  });

  it('counts the alarms of the template in its cost table', () => {
    const alarms = /\| CloudWatch \| (\d+) alarms/.exec(guide)?.[1];
    expect(Number(alarms)).toBe(counts['AWS::CloudWatch::Alarm']);
  });

  it('describes the retry path the stack has: Scheduler → SQS FIFO → function, with its numbers', () => {
    const retries = guide
      .slice(guide.indexOf('## Scheduled runs, retries and failures'), guide.indexOf('## What it costs'))
      .replace(/\s+/g, ' '); // as rendered: line breaks are spaces
    expect(retries).toContain(
      `retries a failed \`SendMessage\` ${SCHEDULE_RETRY_ATTEMPTS} times within ${SCHEDULE_MAX_EVENT_AGE.toHours()} hours`,
    );
    expect(retries).toContain(`${VISIBILITY_TIMEOUT_FACTOR} × the function's 5-minute timeout`);
    expect(retries).toContain(`received at most ${MAX_RECEIVES} times`);
    expect(retries).toContain("Lambda's asynchronous retries are **not** on this path");
  });

  it('says what cdk destroy keeps', () => {
    const removing = guide.slice(guide.indexOf('## Removing it')).replace(/\s+/g, ' ');
    expect(removing).toMatch(/\*\*keeps\*\* \(RETAIN\)/);
    expect(removing).toContain('reports bucket and its access-log bucket');
    expect(removing).toContain('every secret');
  });
});
