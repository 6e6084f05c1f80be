/** The doctor's offline checks: each report's next runs (and the sample's reserved addresses), and the SES grant `cdk synth` enforces. */
import type { Config } from '../../functions/commons/config/schema.js';
import { grantedIdentities, reservedAddressesOf, uncoveredSendersMessage } from '../../infra/sender-rules.js';
import type { Finding } from './finding.js';
import { formatRun, nextRuns } from './schedule.js';

export interface DeployContext {
  stackName: string;
  sesIdentity?: string | undefined;
  sesDomain?: string | undefined;
  region?: string | undefined;
}

export const DEPLOY_FLAGS = (ctx: DeployContext) =>
  [ctx.sesIdentity ? `-c sesIdentity=${ctx.sesIdentity}` : '', ctx.sesDomain ? `-c sesDomain=${ctx.sesDomain}` : '']
    .filter(Boolean)
    .join(' ');

/** Each report's next three runs in its zone; the sample addresses (reserved domains) are a warning. */
export function scheduleFindings(config: Config, now: Date): Finding[] {
  return config.reports.map((report) => {
    const reserved = reservedAddressesOf(report);
    const runs = nextRuns(report, now, 3).map(formatRun);
    const when = report.schedule.enabled ? `${report.cadence}, next runs:` : 'schedule off (on-demand only)';
    if (reserved.length > 0) {
      return {
        check: 'config',
        status: 'warn',
        message: `report "${report.id}" emails ${reserved.join(', ')} (reserved example domains: no mail arrives); the stack creates its schedule DISABLED`,
        fix: 'put real recipients and from in the configuration (docs/deploy.md step 2), or turn its email off',
      };
    }
    return { check: 'config', status: 'ok', message: `report "${report.id}": ${when}`, details: runs };
  });
}

/** The synth's own rule (infra/sender-rules.ts): every from inside the identity the stack grants. */
export function grantFinding(config: Config, ctx: DeployContext): Finding {
  const identities = grantedIdentities(config, ctx);
  const problem = uncoveredSendersMessage(config, identities);
  if (problem) {
    return {
      check: 'ses-grant',
      status: 'fail',
      message: problem,
      fix: 'cdk synth refuses this too: change the from addresses or the sesIdentity / sesDomain context',
    };
  }
  return {
    check: 'ses-grant',
    status: identities.length === 0 ? 'skip' : 'ok',
    message:
      identities.length === 0
        ? 'no report sends email'
        : `every from address lies inside the identity the stack grants (${identities.join(', ')})`,
  };
}
