/** Failed views: one call for views with any error, newest first. */
import { cmp, isoOrNull, str } from '../coerce.js';
import { videoViewUrl } from '../links.js';
import type { Collected, SectionContext } from '../section.js';
import type { FailedView, FailedViewsPart } from './schema.js';

export async function collectFailedViews(
  ctx: SectionContext,
): Promise<Collected<Omit<FailedViewsPart, 'status' | 'reason'>>> {
  const limit = ctx.report.topN.failedViews;
  const res = await ctx.source.failedViews(ctx.span, { limit });
  const items = res.data
    .filter((r) => r.id)
    .map(
      (r): FailedView => ({
        id: r.id,
        viewStart: isoOrNull(r.view_start),
        viewEnd: isoOrNull(r.view_end),
        videoTitle: r.video_title ?? '',
        country: r.country_code ?? null,
        browser: r.viewer_application_name ?? null,
        os: r.viewer_os_family ?? null,
        errorTypeId: errorTypeId(r.error_type_id),
        errorCode: str(r.player_error_code),
        errorMessage: r.player_error_message ?? null,
        url: videoViewUrl(ctx.environment, r.id),
      }),
    )
    .sort((a, b) => cmp(b.viewEnd ?? '', a.viewEnd ?? '') || cmp(a.id, b.id))
    .slice(0, limit);
  return { data: { totalFailed: res.totalRowCount ?? items.length, items } };
}

function errorTypeId(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) ? n : null;
}
