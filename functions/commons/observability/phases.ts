/**
 * Where an invocation's time goes, by phase: the pipeline times its steps here and the invocation wrapper
 * (./invocation.ts) logs them once per invocation ("invocation phases"), so a slow run says whether it waited on
 * Secrets Manager, Mux, the renderer or S3/DynamoDB/SES (we run no tracer: see infra/constructs/report-function.ts).
 * Phases timed at module init (before any invocation) are reported with the first invocation, marked `init`.
 * A leaf module (no logger, no SDK): the CLI runs the same pipeline and simply never reads the times.
 */

export type Phase =
  /** Validating the settings and the report configuration. */
  | 'config'
  /** Loading a module only some requests need (on-demand route chunks). */
  | 'import'
  /** Mux credentials from Secrets Manager. */
  | 'secrets'
  /** Collecting the report from Mux (every call, waits and retries included). */
  | 'mux'
  /** Rendering the email (HTML + text). */
  | 'render'
  /** S3, DynamoDB and SES: archiving, the idempotency record, sending. */
  | 'aws';

export type PhaseTimes = Partial<Record<Phase, number>>;

let current: PhaseTimes = {};
let init: PhaseTimes | undefined = {};

function add(phase: Phase, startedAt: number): void {
  current[phase] = (current[phase] ?? 0) + (performance.now() - startedAt);
}

/** Runs `work`, adding its duration to `phase` (also when it throws). */
export async function timed<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    return await work();
  } finally {
    add(phase, startedAt);
  }
}

export function timedSync<T>(phase: Phase, work: () => T): T {
  const startedAt = performance.now();
  try {
    return work();
  } finally {
    add(phase, startedAt);
  }
}

const rounded = (times: PhaseTimes): PhaseTimes =>
  Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v * 10) / 10]));

/**
 * Starts an invocation's phases. On the first invocation of the process, returns what module init timed
 * (`undefined` afterwards, or when init timed nothing).
 */
export function startPhases(): PhaseTimes | undefined {
  const atInit = init ? { ...init, ...current } : undefined;
  init = undefined;
  current = {};
  return atInit && Object.keys(atInit).length > 0 ? rounded(atInit) : undefined;
}

/** This invocation's phases so far, rounded to 0.1 ms. */
export function phaseTimes(): PhaseTimes {
  return rounded(current);
}
