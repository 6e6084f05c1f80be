/** Command-line arguments of `npm run bench`. */

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

export const USAGE = `usage: npm run bench -- [--quick] [--strict] [--no-build] [--markdown] [--only=${SECTIONS.join(',')}]`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false, strict: false, build: true, markdown: false, only: [...SECTIONS] };
  for (const arg of argv) {
    if (arg === '--quick') args.quick = true;
    else if (arg === '--strict') args.strict = true;
    else if (arg === '--no-build') args.build = false;
    else if (arg === '--markdown') args.markdown = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length || names.length === 0) {
        throw new Error(`unknown --only section(s): ${unknown.join(', ') || '(none)'}\n${USAGE}`);
      }
      args.only = SECTIONS.filter((s) => names.includes(s));
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return args;
}
