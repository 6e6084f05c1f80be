/**
 * One Secrets Manager secret per chat/webhook secret the reports' `channels` name (config/channels.ts): the Slack or
 * Teams webhook URL, the webhook receiver URL, its HMAC signing key. Like the Mux token (mux-secrets.ts) each is
 * created EMPTY and RETAINED: the value is set out of band with `put-secret-value` (docs/channels.md), never appears
 * in the template, and survives the stack. Several reports may share one secret (one Slack channel): it is created
 * once.
 */
import { createHash } from 'node:crypto';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ChannelConfig } from '../../functions/commons/config/channels.js';
import type { ReportConfig } from '../../functions/commons/config/schema.js';
import { emptySecret } from './mux-secrets.js';

function secretsOf(channel: ChannelConfig): { name: string; what: string }[] {
  switch (channel.type) {
    case 'email':
      return [];
    case 'slack':
      return [{ name: channel.webhookSecret, what: 'Slack incoming-webhook URL' }];
    case 'teams':
      return [{ name: channel.webhookSecret, what: 'Teams Workflows webhook URL' }];
    case 'webhook':
      return [
        { name: channel.urlSecret, what: 'report webhook receiver URL (https)' },
        { name: channel.signingSecret, what: 'report webhook HMAC-SHA256 signing key' },
      ];
  }
}

export class ChannelSecrets extends Construct {
  readonly secrets: Secret[] = [];

  constructor(scope: Construct, id: string, reports: readonly ReportConfig[]) {
    super(scope, id);
    const seen = new Map<string, string>();
    for (const report of reports) {
      for (const s of report.channels.flatMap(secretsOf)) if (!seen.has(s.name)) seen.set(s.name, s.what);
    }
    for (const [name, what] of seen) {
      // Construct ids allow no "/": a readable part plus a short hash keeps "a/b" and "a-b" apart.
      const suffix = createHash('sha256').update(name).digest('hex').slice(0, 6);
      const secret = emptySecret(this, `Secret-${name.replace(/[^A-Za-z0-9]/g, '')}-${suffix}`, {
        secretName: name,
        description: `${what} for mux-qoe-reports; set with put-secret-value`,
        rotation:
          'Webhook URLs are issued by Slack / Teams / the receiver and cannot be rotated by a Lambda rotation ' +
          'function; rotation is a new URL set with put-secret-value (docs/channels.md).',
      });
      this.secrets.push(secret);
    }
  }

  grantRead(grantee: IGrantable): void {
    for (const secret of this.secrets) secret.grantRead(grantee);
  }
}
