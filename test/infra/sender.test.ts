/**
 * Who the stack may send as (infra/sender-rules.ts), checked offline by the synth: a `from` outside the granted
 * identity refuses the synth with one line; reports that mail reserved example domains get a DISABLED schedule and
 * a warning; the grant covers sandbox recipients' identities under a From-address condition.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../functions/commons/config/schema.js';
import { buildStack } from '../../infra/app.js';
import {
  grantedIdentities,
  identityCovers,
  isReservedAddress,
  uncoveredSenders,
  uncoveredSendersMessage,
} from '../../infra/sender-rules.js';
import { MuxQoeReportsStack } from '../../infra/stack.js';

const REPO = join(import.meta.dirname, '..', '..');

const config = (from: string, recipients: string[]) =>
  configSchema.parse({
    environments: [{ name: 'prod' }],
    reports: [{ id: 'weekly', title: 'Weekly', environment: 'prod', recipients, from }],
  });

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

describe('sender rules', () => {
  it('a domain identity covers exactly its own addresses, an address identity only itself (any case)', () => {
    fc.assert(
      fc.property(label, label, label, (local, a, b) => {
        const domain = `${a}.com`;
        expect(identityCovers(domain, `${local}@${domain}`)).toBe(true);
        expect(identityCovers(domain.toUpperCase(), `${local}@${domain}`)).toBe(true);
        expect(identityCovers(`${local}@${domain}`, `${local}@${domain}`)).toBe(true);
        // A subdomain is its own identity.
        expect(identityCovers(domain, `${local}@${b}.${domain}`)).toBe(false);
        if (a !== b) expect(identityCovers(`${b}.com`, `${local}@${domain}`)).toBe(false);
      }),
    );
  });

  it('knows the reserved example domains (RFC 2606 / 6761) and nothing else', () => {
    for (const a of [
      'x@example.com',
      'x@mail.example.org',
      'x@EXAMPLE.NET',
      'x@acme.test',
      'x@a.example',
      'x@b.invalid',
    ])
      expect(isReservedAddress(a), a).toBe(true);
    for (const a of ['x@example.co', 'x@myexample.com', 'x@acme.io', 'x@test.acme.io'])
      expect(isReservedAddress(a), a).toBe(false);
  });

  it('names each report whose from lies outside the granted identity, in one line', () => {
    const c = config('reports@acme.io', ['ops@acme.io']);
    expect(uncoveredSenders(c, grantedIdentities(c, {}))).toEqual([]);
    expect(uncoveredSenders(c, grantedIdentities(c, { sesIdentity: 'acme.io' }))).toEqual([]);
    expect(uncoveredSenders(c, ['reports@acme.io'])).toEqual([]);
    const message = uncoveredSendersMessage(c, grantedIdentities(c, { sesIdentity: 'other.org' }));
    expect(message).toContain('"weekly" (from reports@acme.io)');
    expect(message).toContain('other.org');
    expect(message).not.toContain('\n');
  });
});

describe('the stack', () => {
  const appFor = (context: Record<string, string> = {}) =>
    new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });

  it('refuses to synthesize when a from is outside sesIdentity (every send would be denied)', () => {
    const c = config('reports@acme.io', ['ops@acme.io']);
    expect(() => new MuxQoeReportsStack(appFor(), 'S', { config: c, sesIdentity: 'other.org' })).toThrow(
      /grants SES sending only as other\.org.*"weekly" \(from reports@acme\.io\)/,
    );
    expect(() => new MuxQoeReportsStack(appFor(), 'S', { config: c, sesDomain: 'acme.io' })).not.toThrow();
  });

  it('schedules a configured report, and creates the sample configuration’s schedules DISABLED with a warning', () => {
    const real = Template.fromStack(
      new MuxQoeReportsStack(appFor(), 'Real', { config: config('reports@acme.io', ['ops@acme.io']) }),
    );
    real.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'ENABLED' });

    const sample = new MuxQoeReportsStack(appFor(), 'Sample', {
      config: config('reports@acme.io', ['ops@acme.io', 'someone@example.com']),
    });
    Template.fromStack(sample).hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
    const warnings = Annotations.fromStack(sample)
      .findWarning('*', Match.anyValue())
      .filter((w) => /someone@example\.com.*DISABLED/.test(String(w.entry.data)));
    expect(warnings).toHaveLength(1);
  }, 120_000);

  it('grants sending on any identity of the account (sandbox recipients) for the configured from only', () => {
    const stack = new MuxQoeReportsStack(appFor(), 'Grant', { config: config('reports@acme.io', ['a@acme.io']) });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const ses = Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown; Condition?: unknown }[]).filter(
        // The configuration set's own grant (customer-mail.ts) is tested in customer-mail.test.ts.
        (s) =>
          [s.Action].flat().includes('ses:SendRawEmail') && !JSON.stringify(s.Resource).includes(':configuration-set/'),
      ),
    );
    expect(ses.length).toBeGreaterThan(0);
    for (const s of ses) {
      expect(JSON.stringify(s.Resource)).toMatch(/:identity\/\*"/);
      expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': ['reports@acme.io'] } });
    }
  });

  it('reads sesIdentity from the context like `cdk synth -c sesIdentity=…`', () => {
    expect(() => buildStack(appFor({ sesIdentity: 'other.org' }))).toThrow(/only as other\.org/);
  });

  it('`cdk synth`’s app process prints the refusal and exits non-zero', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cdk-out-'));
    try {
      const run = promisify(execFile)(join(REPO, 'node_modules', '.bin', 'tsx'), ['infra/app.ts'], {
        cwd: REPO,
        env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ sesIdentity: 'other.org' }), CDK_OUTDIR: out },
      });
      const error = await run.then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(error?.code).not.toBe(0);
      expect(error?.stderr).toMatch(/the stack grants SES sending only as other\.org, but reports "weekly-qoe"/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
