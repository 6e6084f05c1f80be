/**
 * Shift-share decomposition of one metric's change over the segments of one dimension (docs/causes.md). Pure.
 *
 * With view shares s = w / W and segment values x, a view-weighted mean is X = Σ sᵢ·xᵢ, and for every segment
 *   sᵢ·xᵢ − s′ᵢ·x′ᵢ = s̄ᵢ·(xᵢ − x′ᵢ)  +  (x̄ᵢ − X̄)·(sᵢ − s′ᵢ)            (s̄, x̄, X̄: the two periods' midpoints)
 *                     └ rate: "got worse" ┘  └ mix: "got bigger" ┘
 * (the −X̄ term adds Σ(sᵢ − s′ᵢ) = 0 overall, so a segment that grows counts only by how far it sits from the mean).
 * The contributions add up to X − X′ exactly, whatever the segments: the symmetric (midpoint) weights leave no
 * interaction term.
 *
 * The segments kept are those Mux returned in both periods with a value (or returned in one, the other list being
 * complete: 0 views there) and at least `minViews` views in one of them; every other view is "Other". For a mean
 * (`additive`), Other's value is what the overall leaves: (W·X − Σ wᵢxᵢ) / W_other, so the decomposition explains the
 * overall change Mux reports, to the last digit. A median or percentile is not a mean of its segments: the same
 * formula is applied to the proxy P = Σ sᵢ·xᵢ (segment medians, Other = the views-weighted mean of the rows folded
 * into it), the shares are the proxy's, and the contributions are those shares of the real change. When the proxy
 * moves the other way than the metric (or by less than a quarter of it) the dimension explains nothing: `reliable`
 * is false and no cause is drawn from it.
 */
import { isNum } from '../../format/index.js';

export interface SegmentValue {
  field: string | null;
  value: number | null;
  views: number;
}

export interface Side {
  rows: readonly SegmentValue[];
  /** True when `rows` is every segment Mux has for the period (no further page). */
  complete: boolean;
  /** The period's overall value and views. */
  value: number;
  views: number;
}

export interface SegmentShare {
  field: string;
  isOther: boolean;
  value: number | null;
  previous: number | null;
  views: number;
  previousViews: number;
  /** Share of the period's views (0–1). */
  viewShare: number;
  previousViewShare: number;
  /** Contribution of the segment's own change ("got worse"), in the metric's unit. */
  rate: number;
  /** Contribution of the change of its share of views ("got bigger"), in the metric's unit. */
  mix: number;
  /** rate + mix: its part of the total change. */
  contribution: number;
}

export interface Decomposition {
  /** The change explained: current − previous overall value. */
  total: number;
  /** False when a median's proxy does not follow the metric (no cause may be drawn). */
  reliable: boolean;
  segments: SegmentShare[];
}

export const OTHER = 'Other';
/** A median's proxy must move the same way as the metric and by at least this fraction of it. */
export const MIN_PROXY_RATIO = 0.25;

const key = (f: string | null): string => (f === null || f === '' ? '(empty)' : f);

interface Cell {
  value: number | null;
  views: number;
}

function byField(rows: readonly SegmentValue[]): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const r of rows) {
    const k = key(r.field);
    const views = Math.max(0, isNum(r.views) ? r.views : 0);
    const prev = m.get(k);
    // Duplicate fields (Mux should not send them): views add, the value is the views-weighted mean.
    if (prev) {
      const v =
        isNum(prev.value) && isNum(r.value) && prev.views + views > 0
          ? (prev.value * prev.views + r.value * views) / (prev.views + views)
          : null;
      m.set(k, { value: v, views: prev.views + views });
    } else m.set(k, { value: isNum(r.value) ? r.value : null, views });
  }
  return m;
}

interface Bucket {
  field: string;
  isOther: boolean;
  cur: Cell;
  prev: Cell;
}

/** The Other cell of one side: what the kept segments leave of the overall. */
function otherCell(side: Side, map: Map<string, Cell>, kept: ReadonlySet<string>, additive: boolean): Cell {
  let keptViews = 0;
  let keptSum = 0;
  let restViews = 0;
  let restSum = 0;
  for (const [f, c] of map) {
    if (kept.has(f)) {
      keptViews += c.views;
      keptSum += (c.value ?? 0) * c.views;
    } else if (isNum(c.value) && c.views > 0) {
      restViews += c.views;
      restSum += c.value * c.views;
    }
  }
  const W = Math.max(side.views, keptViews);
  const views = W - keptViews;
  if (views <= 0) return { value: null, views: 0 };
  if (additive) return { value: (W * side.value - keptSum) / views, views };
  return { value: restViews > 0 ? restSum / restViews : side.value, views };
}

/**
 * The decomposition of `current.value − previous.value` over the segments of one dimension. `additive`: the metric
 * is a view-weighted mean (scores, percentages); else a median or percentile (approximation, see above).
 */
export function decompose(opts: { current: Side; previous: Side; minViews: number; additive: boolean }): Decomposition {
  const { current, previous, minViews, additive } = opts;
  const cur = byField(current.rows);
  const prev = byField(previous.rows);
  const kept = new Set<string>();
  for (const f of new Set([...cur.keys(), ...prev.keys()])) {
    const c = cur.get(f);
    const p = prev.get(f);
    // Missing from one list: 0 views there only when that list is complete; otherwise unknown → Other.
    const cOk = c ? isNum(c.value) || c.views === 0 : current.complete;
    const pOk = p ? isNum(p.value) || p.views === 0 : previous.complete;
    const big = Math.max(c?.views ?? 0, p?.views ?? 0) >= Math.max(1, minViews);
    if (cOk && pOk && big && (isNum(c?.value) || isNum(p?.value))) kept.add(f);
  }
  const buckets: Bucket[] = [...kept].map((f) => ({
    field: f,
    isOther: false,
    cur: cur.get(f) ?? { value: null, views: 0 },
    prev: prev.get(f) ?? { value: null, views: 0 },
  }));
  const oc = otherCell(current, cur, kept, additive);
  const op = otherCell(previous, prev, kept, additive);
  if (oc.views > 0 || op.views > 0) buckets.push({ field: OTHER, isOther: true, cur: oc, prev: op });

  const W = buckets.reduce((s, b) => s + b.cur.views, 0);
  const Wp = buckets.reduce((s, b) => s + b.prev.views, 0);
  const rows = buckets.map((b) => {
    const s = W > 0 ? b.cur.views / W : 0;
    const sp = Wp > 0 ? b.prev.views / Wp : 0;
    // A segment without views (or value) in one period keeps its other value there: no rate change, all mix.
    const x = b.cur.views > 0 && isNum(b.cur.value) ? b.cur.value : (b.prev.value ?? 0);
    const xp = b.prev.views > 0 && isNum(b.prev.value) ? b.prev.value : x;
    return { b, s, sp, x, xp };
  });
  const P = rows.reduce((a, r) => a + r.s * r.x, 0);
  const Pp = rows.reduce((a, r) => a + r.sp * r.xp, 0);
  const ref = (P + Pp) / 2;
  const total = current.value - previous.value;
  const proxy = P - Pp;
  const reliable =
    additive || (proxy !== 0 && proxy * total > 0 && Math.abs(proxy) >= MIN_PROXY_RATIO * Math.abs(total));
  // Means: the proxy is the overall (to rounding), contributions stay as they are. Medians: shares of the real change.
  const k = additive ? 1 : reliable ? total / proxy : 0;
  const segments = rows.map(({ b, s, sp, x, xp }): SegmentShare => {
    const rate = ((s + sp) / 2) * (x - xp) * k;
    const mix = ((x + xp) / 2 - ref) * (s - sp) * k;
    return {
      field: b.field,
      isOther: b.isOther,
      value: b.cur.views > 0 ? b.cur.value : null,
      previous: b.prev.views > 0 ? b.prev.value : null,
      views: Math.round(b.cur.views),
      previousViews: Math.round(b.prev.views),
      viewShare: s,
      previousViewShare: sp,
      rate,
      mix,
      contribution: rate + mix,
    };
  });
  segments.sort(
    (a, b) => b.contribution * Math.sign(total) - a.contribution * Math.sign(total) || cmp(a.field, b.field),
  );
  return { total: additive ? P - Pp : total, reliable, segments };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
