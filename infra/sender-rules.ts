/**
 * Who the stack may send as and to whom, checked before any account is involved: by `cdk synth` (infra/stack.ts)
 * and by `npm run doctor` (cli/doctor), with the same rules.
 *
 * - Every report's `from` must lie inside an SES identity the stack grants: the address itself, or its domain.
 *   A domain identity is matched exactly (`a.example.com` is not covered by `example.com` here: the stack's IAM
 *   grant names identities, and a subdomain is its own identity in SES's authorization).
 * - Addresses at reserved example domains (RFC 2606 and RFC 6761: example.com/.net/.org and the `.example`, `.test`,
 *   `.invalid`, `.localhost` top-level names) can never receive mail. A report that emails one is the sample
 *   configuration not yet edited: its schedule is created DISABLED (infra/constructs/report-schedules.ts) and the
 *   synth says so, so a first deploy never schedules sends that can only bounce.
 *
 * Pure functions, no CDK import: the doctor loads this without aws-cdk-lib.
 */
import type { Config, ReportConfig } from '../functions/commons/config/schema.js';

const RESERVED_SECOND_LEVEL = ['example.com', 'example.net', 'example.org'];
const RESERVED_TOP_LEVEL = ['example', 'test', 'invalid', 'localhost'];

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** True for an address at a domain reserved for documentation and tests (it cannot receive mail). */
export function isReservedAddress(address: string): boolean {
  const domain = domainOf(address);
  const labels = domain.split('.');
  if (RESERVED_TOP_LEVEL.includes(labels.at(-1) ?? '')) return true;
  return RESERVED_SECOND_LEVEL.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Every address a report emails: its recipients, its fan-out recipients and its sender. */
export function reportAddresses(report: ReportConfig): string[] {
  const fanOut = report.fanOut ? Object.values(report.fanOut.recipients).flat() : [];
  return [...new Set([...report.recipients, ...fanOut, ...(report.from ? [report.from] : [])])];
}

/** Whether the report sends email at all (a chat-only report has no `from` and no email channel). */
export function sendsEmail(report: ReportConfig): boolean {
  return report.channels.some((c) => c.type === 'email');
}

/** The reserved-domain addresses a report would email (empty: it is configured for real). */
export function reservedAddressesOf(report: ReportConfig): string[] {
  return sendsEmail(report) ? reportAddresses(report).filter(isReservedAddress) : [];
}

/** True when the identity (a domain or an address, as SES names it) lets `address` send. */
export function identityCovers(identity: string, address: string): boolean {
  const name = identity.toLowerCase();
  return name.includes('@') ? name === address.toLowerCase() : name === domainOf(address);
}

/** The identities the stack grants: `sesDomain`, else `sesIdentity`, else the `from` domains. */
export function grantedIdentities(
  config: Config,
  context: { sesDomain?: string | undefined; sesIdentity?: string | undefined },
): string[] {
  if (context.sesDomain) return [context.sesDomain];
  if (context.sesIdentity) return [context.sesIdentity];
  return [...new Set(fromAddresses(config).map(domainOf))].sort();
}

export function fromAddresses(config: Config): string[] {
  return [...new Set(config.reports.flatMap((r) => (r.from !== undefined && sendsEmail(r) ? [r.from] : [])))].sort();
}

export interface UncoveredSender {
  reportId: string;
  from: string;
}

/** Reports whose `from` no granted identity covers (every send would be denied). */
export function uncoveredSenders(config: Config, identities: readonly string[]): UncoveredSender[] {
  return config.reports.flatMap((r) =>
    r.from !== undefined && sendsEmail(r) && !identities.some((id) => identityCovers(id, r.from!))
      ? [{ reportId: r.id, from: r.from }]
      : [],
  );
}

/** One line naming the uncovered senders and the fix; undefined when every sender is covered. */
export function uncoveredSendersMessage(config: Config, identities: readonly string[]): string | undefined {
  const uncovered = uncoveredSenders(config, identities);
  if (uncovered.length === 0) return undefined;
  const list = uncovered.map((u) => `"${u.reportId}" (from ${u.from})`).join(', ');
  return (
    `the stack grants SES sending only as ${identities.join(', ')}, but report${uncovered.length === 1 ? '' : 's'} ` +
    `${list} send${uncovered.length === 1 ? 's' : ''} from outside it: every send would be denied. ` +
    'Use a from address at that identity, or pass the identity that covers it (-c sesIdentity=<domain or address>)'
  );
}
