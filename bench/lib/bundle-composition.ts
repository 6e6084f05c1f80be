/**
 * Splits an esbuild metafile's output bytes by origin (what each input contributes to the minified
 * bundle, `bytesInOutput`), so "our code" can be budgeted separately from the AWS SDK and other deps.
 *
 * Two sums: over every code file of the folder (`bytes`), and over what one cold start can load (`coldPath`): the
 * entry with everything it imports, statically or lazily, plus the heaviest of the handler's routes (the modules its
 * own handler.ts `import()`s, one per request: on-demand's report, snapshot and live routes), but without the other
 * routes and without the fallbacks of OFF_COLD_PATH, which a deployed function never loads. The budget is on the
 * cold path (a cold start pays for what it loads, not for what the zip holds); the total is reported beside it.
 */

export type Category = 'ours' | 'awsSdk' | 'powertools' | 'other';

/**
 * Lazily imported modules no deployed function loads, with why. Listed by name so that nothing leaves the budget
 * without saying so here; a lazy import anywhere else counts on the cold path.
 */
export const OFF_COLD_PATH: Readonly<Record<string, string>> = {
  'functions/commons/config/load.ts':
    'validator of a configuration that was not sealed at synth (settings/index.ts); a deployed stack seals it',
};

export interface ColdPath {
  /** Bytes by origin of the code files on the path. */
  bytes: Record<Category, number>;
  /** The route on the path (its handler-relative module), null for a handler without routes. */
  route: string | null;
  /** Ours in the entry file and what it imports statically (what module init compiles). */
  eagerOurs: number;
}

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
  /** What one cold start loads at most (see the top of this file). */
  coldPath: ColdPath;
  /** The lighter routes and the fallbacks of OFF_COLD_PATH: ours each would add to the cold path, by its module. */
  offColdPath: Array<{ entryPoint: string; ours: number }>;
}

interface MetaImport {
  path: string;
  kind: string;
  external?: boolean;
}
interface MetaOutput {
  bytes: number;
  entryPoint?: string;
  inputs: Record<string, { bytesInOutput: number }>;
  imports?: MetaImport[];
}
export interface Metafile {
  inputs: Record<string, { imports?: MetaImport[] } | unknown>;
  outputs: Record<string, MetaOutput>;
}

const HANDLER_MODULE = /^functions\/[^/]+\/handler\.ts$/;
const isCode = (file: string): boolean => file.endsWith('.mjs') || file.endsWith('.js');

function sumBytes(outputs: Iterable<MetaOutput>): Record<Category, number> {
  const bytes: Record<Category, number> = { ours: 0, awsSdk: 0, powertools: 0, other: 0 };
  for (const output of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) bytes[categoryOf(input)] += bytesInOutput;
  }
  return bytes;
}

/** The code files reached from `start` through its imports (static ones only, or dynamic ones too), never entering `skip`. */
function reach(meta: Metafile, start: string, skip: ReadonlySet<string>, staticOnly = false): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const output = meta.outputs[file];
    if (seen.has(file) || skip.has(file) || output === undefined || !isCode(file)) continue;
    seen.add(file);
    for (const i of output.imports ?? []) {
      if (!i.external && (!staticOnly || i.kind === 'import-statement')) queue.push(i.path);
    }
  }
  return seen;
}

/** The modules the handler's own module `import()`s: its routes. */
function routeModules(meta: Metafile, handlerModule: string | undefined): Set<string> {
  const node = handlerModule === undefined ? undefined : meta.inputs[handlerModule];
  const imports = typeof node === 'object' && node !== null ? ((node as { imports?: MetaImport[] }).imports ?? []) : [];
  return new Set(imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
}

/** The cold path of a handler bundle (see the top of this file), and what each route or fallback off it would add. */
export function coldPath(meta: Metafile, entryFile: string): Pick<Composition, 'coldPath' | 'offColdPath'> {
  const routes = new Set(routeModules(meta, meta.outputs[entryFile]?.entryPoint));
  const chunks = Object.keys(meta.outputs).filter((f) => isCode(f) && f !== entryFile);
  const lazy = (f: string) => meta.outputs[f]!.entryPoint ?? '';
  const routeChunks = chunks.filter((f) => routes.has(lazy(f)));
  const fallbackChunks = chunks.filter((f) => Object.hasOwn(OFF_COLD_PATH, lazy(f)));
  const offLimits = new Set([...routeChunks, ...fallbackChunks]);
  const ours = (files: Iterable<string>) => sumBytes([...files].map((f) => meta.outputs[f]!)).ours;
  const base = reach(meta, entryFile, offLimits);
  const withRoute = (route: string) => {
    const others = new Set([...offLimits].filter((r) => r !== route));
    return new Set([...base, ...reach(meta, route, others)]);
  };
  const candidates = routeChunks.length > 0 ? routeChunks.map((r) => ({ route: r, files: withRoute(r) })) : [];
  const heaviest = candidates.reduce<{ route: string | null; files: Set<string> }>(
    (a, b) => (ours(b.files) > ours(a.files) ? b : a),
    candidates[0] ?? { route: null, files: base },
  );
  const offColdPath = [...offLimits]
    .filter((f) => f !== heaviest.route)
    .map((f) => ({ entryPoint: lazy(f), ours: ours(reach(meta, f, heaviest.files)) }))
    .sort((a, b) => b.ours - a.ours || a.entryPoint.localeCompare(b.entryPoint));
  return {
    coldPath: {
      bytes: sumBytes([...heaviest.files].map((f) => meta.outputs[f]!)),
      route: heaviest.route === null ? null : lazy(heaviest.route),
      eagerOurs: ours(reach(meta, entryFile, new Set(), true)),
    },
    offColdPath,
  };
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
  const files = Object.keys(meta.outputs).filter(isCode);
  const code = files.map((file) => meta.outputs[file]!);
  if (code.length === 0) throw new Error('metafile has no .mjs/.js output');
  // The handler's own file: lazily imported chunks have an entryPoint too.
  const entryFile = files.find((f) => HANDLER_MODULE.test(meta.outputs[f]!.entryPoint ?? '')) ?? files[0]!;
  const entry = meta.outputs[entryFile]!;
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
    ...coldPath(meta, entryFile),
  };
}
