/**
 * `sendWhen`: whether a run sends, decided from the snapshot alone (so a retry decides the same way). The snapshot
 * is archived before this is asked, whatever it answers.
 *
 * - `always`: send.
 * - `worse`: send when any score or key metric has the verdict `worse`, i.e. it moved the wrong way by more than the
 *   catalog's tolerance (snapshot/metric-value.ts: 1 score point, 0.1 pp, 5% relative).
 * - `{ metric, beyond }`: send when that metric moved the wrong way by more than `beyond` (raw units, or a
 *   percentage of the previous value). A metric that cannot be judged (no value, no previous value, section off)
 *   SENDS, with the reason: an alert that silently never fires is worse than one extra digest.
 */
import { parseMetricRef } from '../catalog/metrics.js';
import type { SendWhen } from '../config/channels.js';
import type { MetricValue } from '../snapshot/parts.js';

export interface SendDecision {
  send: boolean;
  /** One line, logged and returned: why it sends or not. */
  reason: string;
}

/** The parts of a snapshot the decision reads (metric values of the sections that carry them). */
export interface JudgedSnapshot {
  scores: { items: MetricValue[] };
  volume: { items: MetricValue[] };
  keyMetrics: { items: MetricValue[] };
}

const label = (m: MetricValue) => (m.measurement ? `${m.metric}:${m.measurement}` : m.metric);

/** How much worse (≥ 0 means worse) in raw units; null when it cannot be judged. */
export function worsening(m: MetricValue): number | null {
  if (m.value === null || m.previous === null || m.direction === 'neutral') return null;
  const delta = m.value - m.previous;
  return m.direction === 'higher_is_better' ? -delta : delta;
}

export function findMetric(snapshot: JudgedSnapshot, ref: string): MetricValue | undefined {
  const items = [...snapshot.scores.items, ...snapshot.keyMetrics.items, ...snapshot.volume.items];
  const hasMeasurement = ref.includes(':');
  const { metric, measurement } = parseMetricRef(ref);
  return (
    items.find((m) => m.metric === metric && (!hasMeasurement || m.measurement === measurement)) ??
    // A measurement-less reference also matches the catalog's default measurement explicitly written.
    items.find((m) => m.metric === metric && m.measurement === measurement)
  );
}

export function decideSend(rule: SendWhen, snapshot: JudgedSnapshot): SendDecision {
  if (rule === 'always') return { send: true, reason: 'sendWhen is always' };
  if (rule === 'worse') {
    const worse = [...snapshot.scores.items, ...snapshot.keyMetrics.items].filter((m) => m.verdict === 'worse');
    return worse.length > 0
      ? { send: true, reason: `got worse: ${worse.map((m) => `${label(m)} ${m.deltaDisplay}`).join(', ')}` }
      : { send: false, reason: 'nothing got worse beyond tolerance (sendWhen: worse)' };
  }
  const m = findMetric(snapshot, rule.metric);
  if (!m) return { send: true, reason: `${rule.metric} is not in this snapshot: sending, as it cannot be judged` };
  const worse = worsening(m);
  if (worse === null || m.previous === null) {
    return { send: true, reason: `${rule.metric} has no value to compare: sending, as it cannot be judged` };
  }
  const relative = typeof rule.beyond === 'string';
  const threshold = relative ? Number.parseFloat(rule.beyond as string) / 100 : (rule.beyond as number);
  if (relative && m.previous === 0) {
    return { send: worse > 0, reason: `${rule.metric} was 0 before: ${worse > 0 ? 'any' : 'no'} worsening` };
  }
  const amount = relative ? worse / Math.abs(m.previous) : worse;
  const beyondText = String(rule.beyond);
  return amount > threshold
    ? { send: true, reason: `${rule.metric} got worse by more than ${beyondText} (${m.deltaDisplay})` }
    : { send: false, reason: `${rule.metric} did not get worse by more than ${beyondText} (${m.deltaDisplay})` };
}
