/**
 * Splits an esbuild metafile's output bytes by origin (what each input contributes to the minified
 * bundle, `bytesInOutput`), so "our code" can be budgeted separately from the AWS SDK and other deps.
 */

export type Category = 'ours' | 'awsSdk' | 'powertools' | 'other';

export interface Composition {
  /** Bytes of all code outputs (entry + split chunks) as esbuild reports them. */
  outputBytes: number;
  /** Bytes of the entry output alone (what a cold start compiles at import). */
  entryBytes: number;
  /** Number of code outputs (entry + chunks). */
  outputFiles: number;
  bytes: Record<Category, number>;
  /** Per npm package (scoped names kept), largest first. */
  packages: Array<{ name: string; bytes: number; category: Category }>;
  /** Inputs from forbidden packages (mjml*), should be empty. */
  mjmlInputs: string[];
}

interface MetaOutput {
  bytes: number;
  entryPoint?: string;
  inputs: Record<string, { bytesInOutput: number }>;
}
export interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, MetaOutput>;
}

/** npm package of an input path (the last `node_modules/` segment wins: nested deps count as themselves). */
export function packageOf(input: string): string | null {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) return null;
  const parts = input.slice(at + marker.length).split('/');
  if (parts[0]?.startsWith('@')) return parts.length > 1 ? `${parts[0]}/${parts[1]}` : null;
  return parts[0] || null;
}

export function categoryOf(input: string): Category {
  const pkg = packageOf(input);
  if (pkg === null) return 'ours';
  if (/^@(aws-sdk|smithy|aws-crypto)\//.test(pkg)) return 'awsSdk';
  if (pkg.startsWith('@aws-lambda-powertools/')) return 'powertools';
  return 'other';
}

const MJML = /(^|\/)node_modules\/mjml(-[^/]+)?\//;

/**
 * Composition of the `.mjs` outputs, summed over the entry and every split chunk (the `.map` outputs
 * are ignored).
 */
export function composition(meta: Metafile): Composition {
  const code = Object.entries(meta.outputs)
    .filter(([file]) => file.endsWith('.mjs') || file.endsWith('.js'))
    .map(([, output]) => output);
  if (code.length === 0) throw new Error('metafile has no .mjs/.js output');
  const entry = code.find((o) => o.entryPoint !== undefined) ?? code[0]!;
  const bytes: Record<Category, number> = { ours: 0, awsSdk: 0, powertools: 0, other: 0 };
  const perPackage = new Map<string, { bytes: number; category: Category }>();
  const inputs = code.flatMap((output) => Object.entries(output.inputs));
  for (const [input, { bytesInOutput }] of inputs) {
    const category = categoryOf(input);
    bytes[category] += bytesInOutput;
    const name = packageOf(input) ?? '(ours)';
    const current = perPackage.get(name) ?? { bytes: 0, category };
    current.bytes += bytesInOutput;
    perPackage.set(name, current);
  }
  return {
    outputBytes: code.reduce((n, o) => n + o.bytes, 0),
    entryBytes: entry.bytes,
    outputFiles: code.length,
    bytes,
    packages: [...perPackage.entries()]
      .map(([name, v]) => ({ name, ...v }))
      .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name)),
    mjmlInputs: Object.keys(meta.inputs).filter((input) => MJML.test(input)),
  };
}
