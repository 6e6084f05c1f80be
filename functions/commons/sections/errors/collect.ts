/** Errors: the current period's list and the previous one (for the change column), two calls. */
import { isNum } from '../../format/index.js';
import type { PlaybackError } from '../../mux/index.js';
import { int, isoOrNull, str } from '../coerce.js';
import type { Collected, SectionContext } from '../section.js';
import { foldErrors, type RawError } from './fold.js';
import type { ErrorsPart } from './schema.js';

function toRawErrors(data: readonly PlaybackError[]): RawError[] {
  return data.map((e) => ({
    id: isNum(e.id) ? Math.round(e.id) : null,
    code: str(e.player_error_code) ?? str(e.code),
    message: e.message ?? null,
    description: e.description ?? null,
    count: int(e.count),
    percentage: isNum(e.percentage) ? e.percentage : null,
    lastSeen: isoOrNull(e.last_seen),
  }));
}

export async function collectErrors(ctx: SectionContext): Promise<Collected<Omit<ErrorsPart, 'status' | 'reason'>>> {
  const [current, previous] = await Promise.all([
    ctx.source.errors(ctx.span).then((r) => toRawErrors(r.data)),
    // The previous period only feeds the "change" column: if it fails, deltas become N/A.
    ctx.source
      .errors(ctx.previousSpan)
      .then((r) => toRawErrors(r.data))
      .catch(() => null),
  ]);
  return { data: foldErrors({ current, previous, topN: ctx.report.topN.errors }) };
}
