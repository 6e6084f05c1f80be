/** Command-line arguments of `npm run bench`. */
import { parseFlags, UsageError } from '../../cli/args.js';

export const SECTIONS = ['bundle', 'render', 'cold', 'api', 'scale', 'queue', 'history', 'fanout'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  /** Fewer runs (smoke check, ~1 minute). */
  quick: boolean;
  /** Exit 1 when a budget is broken or a measurement failed. */
  strict: boolean;
  /** Run `npm run build` first (default). */
  build: boolean;
  /** Print the table as Markdown (for bench/README.md). */
  markdown: boolean;
  only: Section[];
}

export const USAGE = `Usage: npm run bench -- [--quick] [--strict] [--no-build] [--markdown] [--only=<sections>]

Builds the functions and measures them against their budgets (bundle size, cold start, Mux calls, memory, email
size); prints a table and, on a full run, writes bench/results.json and the figures in bench/README.md.

Options:
      --quick            fewer runs (a smoke check, about a minute)
      --strict           exit 1 when a budget is broken or a measurement failed
      --no-build         measure the bundles already in dist/
      --markdown         print the table as Markdown
      --only=<sections>  some of ${SECTIONS.join(',')}
  -v, --verbose          print stack traces on failure
  -h, --help             show this help

Exit codes: 0 measured (over budget is printed, not failed, without --strict), 1 a failure, 2 bad usage.
`;

/** `'help'` when `--help` was given; a bad flag is a UsageError (exit 2). */
export function parseArgs(argv: readonly string[]): BenchArgs | 'help' {
  const { values, positionals } = parseFlags(argv, {
    quick: { type: 'boolean' },
    strict: { type: 'boolean' },
    'no-build': { type: 'boolean' },
    markdown: { type: 'boolean' },
    only: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  let only = [...SECTIONS];
  if (values.only !== undefined) {
    const names = values.only.split(',').filter(Boolean);
    const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
    if (unknown.length || names.length === 0) {
      throw new UsageError(
        `unknown --only section(s): ${unknown.join(', ') || '(none)'} (sections: ${SECTIONS.join(', ')})`,
      );
    }
    only = SECTIONS.filter((s) => names.includes(s));
  }
  return {
    quick: values.quick === true,
    strict: values.strict === true,
    build: values['no-build'] !== true,
    markdown: values.markdown === true,
    only,
  };
}
