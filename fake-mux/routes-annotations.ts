/** /data/v1/annotations[/{ANNOTATION_ID}]: list (timeframe, order_direction, page, limit), get, create, update, delete. */
import { z } from 'zod';
import type { AnnotationInput, Annotation as Stored } from './annotations.js';
import { type Ctx, type Envelope, envelope, iso } from './context.js';
import { invalid, notFound, parseEnum, parsePaging, parseTimeframe } from './params.js';
import { DAY_S } from './universe.js';

/** A non-200 answer: 201 with a body, 204 without. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: Envelope | null,
  ) {}
}

// Epoch seconds stay below 1e11 until the year 5138; a larger date is almost surely milliseconds.
const inputSchema = z.object({
  note: z.string().min(1),
  date: z.number().int().nonnegative().lt(1e11),
  sub_property_id: z.string().nullish(),
});

function input(body: unknown): AnnotationInput {
  const r = inputSchema.safeParse(body);
  if (!r.success) {
    throw invalid(...r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
  }
  return { note: r.data.note, date: r.data.date, sub_property_id: r.data.sub_property_id ?? null };
}

const render = (a: Stored) => ({ id: a.id, note: a.note, date: iso(a.date), sub_property_id: a.sub_property_id });
const single = (ctx: Ctx, a: Stored) => envelope(render(a), 1, [ctx.nowSec - DAY_S, ctx.nowSec]);

export function listAnnotations(ctx: Ctx): Envelope {
  const tf = parseTimeframe(ctx);
  // Oldest first by default, like the description's example list.
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, 'asc');
  const paging = parsePaging(ctx.query);
  const rows = ctx.annotations.all(ctx.nowSec).filter((a) => a.date >= tf[0] && a.date <= tf[1]);
  if (direction === 'desc') rows.reverse();
  const page = rows.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  return envelope(page.map(render), rows.length, tf);
}

export function annotation(ctx: Ctx, id: string | undefined): Envelope | Reply {
  if (id === undefined) {
    if (ctx.method === 'GET') return listAnnotations(ctx);
    if (ctx.method === 'POST') return new Reply(201, single(ctx, ctx.annotations.create(input(ctx.body))));
    throw notFound();
  }
  if (ctx.method === 'GET') {
    const found = ctx.annotations.get(id, ctx.nowSec);
    if (!found) throw notFound();
    return single(ctx, found);
  }
  if (ctx.method === 'PATCH') {
    const updated = ctx.annotations.update(id, input(ctx.body), ctx.nowSec);
    if (!updated) throw notFound();
    return single(ctx, updated);
  }
  if (ctx.method === 'DELETE') {
    if (!ctx.annotations.delete(id, ctx.nowSec)) throw notFound();
    return new Reply(204, null);
  }
  throw notFound();
}
