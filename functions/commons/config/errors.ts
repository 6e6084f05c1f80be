/**
 * What a configuration load throws. A leaf module (no zod, no schema): the handlers' error mapping imports it on
 * every request, including the ones whose configuration never needed validating at init (settings/index.ts).
 */
export interface ConfigIssue {
  /** `reports[weekly-qoe].timeZone` (issue-text.ts); `(root)` for the document itself. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  /** Where the configuration came from: a file path, `REPORTS_CONFIG environment variable`, … */
  readonly source: string;
  constructor(source: string, issues: ConfigIssue[], headline = 'invalid configuration') {
    const text = (i: ConfigIssue) => `${i.path ? `${i.path}: ` : ''}${i.message}`;
    // One problem, one line (what a CLI or `cdk synth` prints); several: a line per problem under the headline.
    super(
      issues.length === 1
        ? `${headline} in ${source}: ${text(issues[0]!)}`
        : `${headline} in ${source}:\n${issues.map((i) => `  - ${text(i)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}
