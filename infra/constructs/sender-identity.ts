/**
 * The SES identities the report emails are sent from, and the grant to send as them.
 *
 * Resolution (first match wins):
 * 1. `sesDomain` → a NEW domain identity with Easy DKIM (publish the DKIM CNAMEs it outputs).
 * 2. `sesIdentity` → an EXISTING verified identity (domain or email address), referenced by name.
 * 3. neither → the domains of the reports' `from` addresses, treated as existing verified identities.
 *
 * The grant (docs/deploy.md "What SES requires of IAM"): `ses:SendEmail`/`ses:SendRawEmail` on every identity of
 * this account and region, on the condition that the From address is one of the reports' `from` addresses. Not
 * on the sender identities alone: in the SES sandbox a send to a verified recipient is also authorized against
 * the RECIPIENT's identity (public reports: "not authorized to perform ses:SendRawEmail on resource
 * identity/<recipient>" with a policy scoped to the sender's domain), so a sender-scoped policy makes the guide's
 * first test fail. The `ses:FromAddress` condition keeps what the scoping was for: the functions can send only as
 * the configured senders, which `cdk synth` has checked lie inside the granted identity (sender-rules.ts).
 */
import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { DkimIdentity, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { domainOf } from '../sender-rules.js';

export interface SenderIdentityProps {
  readonly sesDomain?: string | undefined;
  readonly sesIdentity?: string | undefined;
  /** The reports' `from` addresses (used when neither of the above is given). */
  readonly fromAddresses: readonly string[];
}

/** The identity names to grant for case 3: unique `from` domains, sorted. */
export function domainsOf(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map(domainOf))].sort();
}

export class SenderIdentity extends Construct {
  readonly identityNames: string[];
  /** The From addresses the grant allows (the reports' `from`, unique, sorted). */
  readonly fromAddresses: string[];

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
    this.fromAddresses = [...new Set(props.fromAddresses)].sort();
    if (props.sesDomain) {
      const identity = new EmailIdentity(this, 'Domain', {
        identity: Identity.domain(props.sesDomain),
        dkimIdentity: DkimIdentity.easyDkim(),
      });
      identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `DKIM CNAME ${i + 1} to publish in the DNS of ${props.sesDomain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
      this.identityNames = [props.sesDomain];
      return;
    }
    this.identityNames = props.sesIdentity ? [props.sesIdentity] : domainsOf(props.fromAddresses);
  }

  /** `ses:SendEmail` + `ses:SendRawEmail` as the configured senders only (see the file comment for why `identity/*`;
   * the configuration set is granted by customer-mail.ts). */
  grantSend(role: Role): void {
    // Only chat-only reports (no `from` anywhere): nothing to send as, so no SES permission at all.
    if (this.fromAddresses.length === 0) return;
    const identities = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identities],
        conditions: { StringEquals: { 'ses:FromAddress': this.fromAddresses } },
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      reason:
        'In the SES sandbox a send is authorized against the recipients’ identities too (docs/deploy.md); ' +
        'the ses:FromAddress condition limits sending to the configured from addresses.',
    });
  }
}
