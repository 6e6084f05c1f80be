/**
 * The local "AWS account" the built bundles run against in the bench: support/stage.ts (fake Mux + emulators,
 * `lambdaEnvironment()` as the stack writes it) with the example configuration, client limits lifted, as
 * deployed by default (INFO logs, no --enable-source-maps).
 */
import type { FakeMuxOptions } from '../../fake-mux/server.js';
import { exampleConfig, type Stage, startStage } from '../../support/stage.js';

export const BUCKET = 'bench-snapshots';
export const TABLE = 'bench-idempotency';

export function startBenchStage(fake: FakeMuxOptions = {}): Promise<Stage> {
  // Cold-start "first request" figures should show our code's cost, not the 5 req/s pacing that §3 measures.
  return startStage({ config: exampleConfig({ unthrottled: true }), bucket: BUCKET, table: TABLE, fake });
}
