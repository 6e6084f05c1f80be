/**
 * The SES identities the report emails are sent from, and a grant scoped to exactly those identities.
 *
 * Resolution (first match wins):
 * 1. `sesDomain` → a NEW domain identity with Easy DKIM (publish the DKIM CNAMEs it outputs).
 * 2. `sesIdentity` → an EXISTING verified identity (domain or email address), referenced by name.
 * 3. neither → the domains of the reports' `from` addresses, treated as existing verified identities.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { DkimIdentity, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface SenderIdentityProps {
  readonly sesDomain?: string;
  readonly sesIdentity?: string;
  /** The reports' `from` addresses (used when neither of the above is given). */
  readonly fromAddresses: readonly string[];
}

/** The identity names to grant for case 3: unique `from` domains, sorted. */
export function domainsOf(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((address) => address.slice(address.lastIndexOf('@') + 1).toLowerCase()))].sort();
}

export class SenderIdentity extends Construct {
  /** SES identity ARNs the functions may send as. */
  readonly identityArns: string[];
  readonly identityNames: string[];

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
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
      this.identityArns = [identity.emailIdentityArn];
      return;
    }
    this.identityNames = props.sesIdentity ? [props.sesIdentity] : domainsOf(props.fromAddresses);
    this.identityArns = this.identityNames.map((name) =>
      Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: name }),
    );
  }

  /** `ses:SendEmail` + `ses:SendRawEmail` on the identities (the configuration set is granted by customer-mail.ts). */
  grantSend(grantee: IGrantable): void {
    // Only chat-only reports (no `from` anywhere): nothing to send as, so no SES permission at all.
    if (this.identityArns.length === 0) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: this.identityArns }),
    );
  }
}
