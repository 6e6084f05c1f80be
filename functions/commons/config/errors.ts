/**
 * What a configuration load throws. A leaf module (no zod, no schema): the handlers' error mapping imports it on
 * every request, including the ones whose configuration never needed validating at init (settings/index.ts).
 */
export interface ConfigIssue {
  /** `reports[0].timeZone`; `(root)` for the document itself. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  /** Where the configuration came from: a file path, `REPORTS_CONFIG environment variable`, … */
  readonly source: string;
  constructor(source: string, issues: ConfigIssue[], headline = 'invalid configuration') {
    const lines = issues.map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`);
    super(`${headline} in ${source}:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}
