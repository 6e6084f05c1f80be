/** The doctor's account checks: who the caller is, and SES in the region (identities, sandbox, sending quota). Read-only. */
import { GetAccountCommand, ListEmailIdentitiesCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Config } from '../../functions/commons/config/schema.js';
import { domainOf, identityCovers, reportAddresses, sendsEmail } from '../../infra/sender-rules.js';
import { awsErrorLine } from '../aws/client-config.js';
import type { Finding } from './finding.js';
import { busiest24Hours } from './schedule.js';

export async function callerFinding(sts: STSClient, region: string | undefined): Promise<Finding> {
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    const where = region ?? (await sts.config.region());
    return {
      check: 'aws-credentials',
      status: 'ok',
      message: `account ${me.Account} in ${where} as ${me.Arn}`,
    };
  } catch (error) {
    return {
      check: 'aws-credentials',
      status: 'fail',
      message: `no usable AWS credentials or region (${awsErrorLine(error)})`,
      fix:
        'sign in (aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID), and choose the region the stack goes to:\n' +
        'AWS_REGION=eu-west-1 npm run doctor (the stack, its SES identity and its sandbox status are per region)',
    };
  }
}

interface SesIdentity {
  name: string;
  verified: boolean;
}

export async function listIdentities(ses: SESv2Client): Promise<SesIdentity[]> {
  const out: SesIdentity[] = [];
  let token: string | undefined;
  do {
    const page = await ses.send(new ListEmailIdentitiesCommand({ PageSize: 1000, NextToken: token }));
    for (const i of page.EmailIdentities ?? []) {
      if (i.IdentityName)
        out.push({ name: i.IdentityName, verified: i.VerificationStatus === 'SUCCESS' && i.SendingEnabled !== false });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

const verifiedFor = (identities: readonly SesIdentity[], address: string) =>
  identities.some((i) => i.verified && identityCovers(i.name, address));

export function senderIdentityFindings(config: Config, identities: readonly SesIdentity[]): Finding[] {
  const senders = [...new Set(config.reports.flatMap((r) => (sendsEmail(r) && r.from ? [r.from] : [])))];
  return senders.map((from) => {
    if (verifiedFor(identities, from)) {
      return { check: 'ses-identity', status: 'ok', message: `${from} is covered by a verified SES identity` };
    }
    const pending = identities.find((i) => identityCovers(i.name, from));
    return {
      check: 'ses-identity',
      status: 'fail',
      message: pending
        ? `${from}: the SES identity ${pending.name} exists but is not verified (or its sending is paused)`
        : `${from}: no SES identity in this region covers it: every send would be rejected`,
      fix: pending
        ? `finish verifying ${pending.name} (DKIM CNAMEs published? aws sesv2 get-email-identity --email-identity ${pending.name})`
        : `deploy with -c sesDomain=${domainOf(from)} (creates it with Easy DKIM), or verify it yourself:\n` +
          `aws sesv2 create-email-identity --email-identity ${domainOf(from)}`,
    };
  });
}

export interface SesAccount {
  production: boolean;
  sendingEnabled: boolean;
  max24HourSend: number | undefined;
}

export async function sesAccount(ses: SESv2Client): Promise<SesAccount> {
  const a = await ses.send(new GetAccountCommand({}));
  return {
    production: a.ProductionAccessEnabled === true,
    sendingEnabled: a.SendingEnabled !== false,
    max24HourSend: a.SendQuota?.Max24HourSend,
  };
}

export function sandboxFindings(config: Config, account: SesAccount, identities: readonly SesIdentity[]): Finding[] {
  const findings: Finding[] = [];
  if (!account.sendingEnabled) {
    findings.push({
      check: 'ses-account',
      status: 'fail',
      message: 'sending is paused for this account in this region',
      fix: 'see the SES console (Account dashboard) for why; aws sesv2 put-account-sending-attributes --sending-enabled',
    });
  }
  if (account.production) {
    findings.push({ check: 'ses-sandbox', status: 'ok', message: 'production access: any recipient can be mailed' });
    return findings;
  }
  const recipients = [
    ...new Set(config.reports.flatMap((r) => (sendsEmail(r) ? reportAddresses(r).filter((a) => a !== r.from) : []))),
  ].sort();
  const unverified = recipients.filter((a) => !verifiedFor(identities, a));
  findings.push(
    unverified.length === 0
      ? {
          check: 'ses-sandbox',
          status: 'ok',
          message: `in the SES sandbox; all ${recipients.length} recipients are verified identities`,
        }
      : {
          check: 'ses-sandbox',
          status: 'fail',
          message: `in the SES sandbox, mail goes only to verified addresses; not verified: ${unverified.join(', ')}`,
          fix:
            `verify each (a confirmation mail is sent): aws sesv2 create-email-identity --email-identity ${unverified[0]}\n` +
            'or request production access (docs/deploy.md step 3)',
        },
  );
  return findings;
}

/** Issue 25: the busiest 24 hours of scheduled mail against the account's quota (200 a day in the sandbox). */
export function quotaFinding(config: Config, account: SesAccount, now: Date): Finding {
  const quota = account.max24HourSend;
  const busiest = busiest24Hours(config.reports, now);
  if (quota === undefined) return { check: 'ses-quota', status: 'skip', message: 'SES reported no sending quota' };
  const who = busiest.reports.map((r) => `${r.id} ${r.emails}`).join(', ');
  if (busiest.emails <= quota) {
    return {
      check: 'ses-quota',
      status: 'ok',
      message: `busiest 24 hours: ${busiest.emails} emails of a quota of ${quota}${who ? ` (${who})` : ''}`,
    };
  }
  return {
    check: 'ses-quota',
    status: 'warn',
    message: `the busiest 24 hours send ${busiest.emails} emails (${who}), over the account's quota of ${quota} a day: the rest would be refused`,
    fix: account.production
      ? 'ask for a higher quota (Service Quotas: "Sending quota" of Amazon SES), or spread the fan-out'
      : 'the sandbox allows 200 a day: request production access (docs/deploy.md step 3), or fan out to fewer segments',
  };
}
