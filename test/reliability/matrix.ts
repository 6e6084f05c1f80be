/**
 * The fault matrix as data: fault × place → expected outcome. The test (fault-matrix.test.ts) runs every row
 * through the real pipeline, and the same rows generate the table in docs/reliability.md.
 */
import type { FaultRule } from '../../fake-mux/server.js';
import type { SectionId } from '../../functions/commons/config/schema.js';
import { mapNumbers, nullLeaves, type RewriteRule, rewriteData } from './harness.js';

/** (a) complete report after retries; (b) one section unavailable + reason; (c) clean failure, then a clean retry. */
export type Outcome = 'complete' | 'unavailable' | 'clean-failure';

export interface Place {
  name: string;
  /** Path substring of the Mux calls of this place. */
  match: string;
  /** The snapshot section that degrades (null: the core scorecard, whose failure is a clean failure). */
  section: SectionId | null;
}

export const PLACES: readonly Place[] = [
  { name: 'scorecard', match: '/metrics/comparison', section: null },
  { name: 'overall', match: '/overall', section: 'scores' },
  { name: 'insights', match: '/insights', section: 'insights' },
  { name: 'incidents', match: '/data/v1/incidents', section: 'incidents' },
  { name: 'errors', match: '/data/v1/errors', section: 'errors' },
  { name: 'breakdowns', match: '/breakdown', section: 'breakdowns' },
  { name: 'timeseries', match: '/timeseries', section: 'trend' },
  { name: 'video views', match: '/data/v1/video-views', section: 'failedViews' },
];

export interface MuxFault {
  name: string;
  /** Injected by the fake (`faults`) or by the rewriting proxy in front of it. */
  via: 'fake' | 'proxy';
  fake?: Omit<FaultRule, 'match'>;
  proxy?: Omit<RewriteRule, 'match'>;
  /** What a persistent failure of a section place does; transient faults recover. */
  transient: boolean;
}

export const MUX_FAULTS: readonly MuxFault[] = [
  { name: '429 burst ×3', via: 'fake', fake: { kind: 429, times: 3 }, transient: true },
  { name: '500 ×1', via: 'fake', fake: { kind: 500, times: 1 }, transient: true },
  { name: '502 ×2', via: 'fake', fake: { kind: 502, times: 2 }, transient: true },
  { name: '503 ×1', via: 'fake', fake: { kind: 503, times: 1 }, transient: true },
  { name: '500 persistent', via: 'fake', fake: { kind: 500 }, transient: false },
  { name: '503 persistent', via: 'fake', fake: { kind: 503 }, transient: false },
  { name: 'hang past timeout', via: 'fake', fake: { kind: 'hang' }, transient: false },
  { name: 'connection reset', via: 'fake', fake: { kind: 'reset' }, transient: false },
  { name: 'malformed JSON', via: 'fake', fake: { kind: 'malformed' }, transient: false },
  {
    name: 'numbers as strings',
    via: 'proxy',
    proxy: { rewrite: rewriteData((d) => mapNumbers(d, (n) => `${n}x`)) },
    transient: false,
  },
  { name: 'all values null', via: 'proxy', proxy: { rewrite: rewriteData(nullLeaves) }, transient: false },
  { name: '401 on this path', via: 'fake', fake: { kind: 401 }, transient: false },
  { name: '403 plan-gated', via: 'fake', fake: { kind: 'plan-gated' }, transient: false },
  { name: '404', via: 'fake', fake: { kind: 404 }, transient: false },
];

export interface MatrixRow {
  fault: string;
  place: string;
  expected: Outcome;
  /** For `unavailable`: the reason must match. For `clean-failure`: the error message must match. */
  pattern?: RegExp;
  /** Shown in the docs table. */
  note?: string;
}

/** Why a persistent fault makes a section unavailable, as the reason says it. */
function sectionReason(fault: string): RegExp {
  switch (fault) {
    case '500 persistent':
      return /Mux answered 500/;
    case '503 persistent':
      return /Mux answered 503/;
    case 'hang past timeout':
      return /did not answer in time .*timeout after 300 ms/;
    case 'connection reset':
      return /connection to Mux failed/;
    case 'malformed JSON':
      return /unexpected response from Mux/;
    case 'numbers as strings':
    case 'all values null':
      return /unexpected response from Mux .*expected/;
    case '401 on this path':
      return /token was rejected \(401/;
    case '403 plan-gated':
      return /not available on this plan or token \(403/;
    case '404':
      return /not available on this plan or token \(404/;
    default:
      return /./;
  }
}

/**
 * Places whose rows accept null in every field (errors: id/code/percentage are nullable and the message falls
 * back; breakdowns: a null field/value is an "N/A" row). Elsewhere a null id, name or timestamp makes the
 * response unusable: the section says so.
 */
const NULL_TOLERANT = new Set(['errors', 'breakdowns']);

/**
 * Expected outcome per cell. Deviations from "persistent fault → that section unavailable" are the
 * interesting part, each with its reason:
 * - the scorecard is the core of the report: without it nothing is delivered (clean failure);
 * - `/overall` only adds the Mux global benchmark: the scores still come from the scorecard, so the report is
 *   complete with the benchmark shown as N/A (no section reason);
 * - all-null values: tolerated where every field is nullable (NULL_TOLERANT), otherwise the section is unavailable.
 */
export function expectedFor(fault: MuxFault, place: Place): MatrixRow {
  const row = { fault: fault.name, place: place.name };
  if (fault.transient) return { ...row, expected: 'complete' };
  if (place.section === null) return { ...row, expected: 'clean-failure', pattern: /core scorecard unavailable/ };
  if (place.name === 'overall')
    return {
      ...row,
      expected: 'complete',
      note: 'scores come from the scorecard; only the Mux global benchmark shows N/A, without a reason line',
    };
  if (fault.name === 'all values null' && NULL_TOLERANT.has(place.name)) {
    return { ...row, expected: 'complete', note: 'every field is nullable here: rows render with N/A' };
  }
  return { ...row, expected: 'unavailable', pattern: sectionReason(fault.name) };
}

export const MATRIX: readonly MatrixRow[] = MUX_FAULTS.flatMap((fault) =>
  PLACES.map((place) => expectedFor(fault, place)),
);

/** Whole-run faults outside Mux paths (credentials and AWS). */
export const INFRA_ROWS: readonly MatrixRow[] = [
  { fault: '401 everywhere (wrong secret)', place: 'credentials', expected: 'clean-failure', pattern: /401/ },
  { fault: 'bucket missing', place: 'S3 PutObject', expected: 'clean-failure', pattern: /NoSuchBucket/ },
  { fault: 'Throttling ×2', place: 'SES SendRawEmail', expected: 'complete', note: 'sender retries' },
  {
    fault: 'Throttling persistent',
    place: 'SES SendRawEmail',
    expected: 'clean-failure',
    pattern: /Throttling/,
    note: 'snapshot already archived',
  },
  {
    fault: 'endpoint closed',
    place: 'SES SendRawEmail',
    expected: 'clean-failure',
    pattern: /SES SendRawEmail .*failed/,
    note: 'snapshot already archived',
  },
  { fault: 'table missing', place: 'DynamoDB idempotency', expected: 'clean-failure', pattern: /idempotency table/ },
];

const OUTCOME_TEXT: Record<Outcome, string> = {
  complete: '(a) complete',
  unavailable: '(b) section unavailable',
  'clean-failure': '(c) clean failure',
};

/** The markdown tables for docs/reliability.md (letters a/b/c, numbered notes). */
export function matrixMarkdown(): string {
  const notes = [...new Set(MATRIX.flatMap((r) => (r.note ? [r.note] : [])))];
  const cell = (r: MatrixRow | undefined): string => {
    if (!r) return '';
    const letter = OUTCOME_TEXT[r.expected].charAt(1);
    return r.note ? `${letter} (${notes.indexOf(r.note) + 1})` : letter;
  };
  const rows = MUX_FAULTS.map(
    (f) =>
      `| ${f.name}${f.transient ? ' (transient)' : ''} |${PLACES.map(
        (p) => ` ${cell(MATRIX.find((r) => r.fault === f.name && r.place === p.name))} |`,
      ).join('')}`,
  );
  return [
    'Mux faults × places. a = complete report after retries; b = that section `unavailable`, with the reason in',
    'the snapshot and in both parts of the email; c = clean failure (clear error, no email, no COMPLETED',
    'idempotency record), then the retry without the fault sends exactly one email.',
    '',
    `| fault \\ place |${PLACES.map((p) => ` ${p.name} |`).join('')}`,
    `|---|${PLACES.map(() => '---|').join('')}`,
    ...rows,
    '',
    ...notes.map((n, i) => `(${i + 1}) ${n}.`),
    '',
    'Credentials and AWS faults:',
    '',
    '| fault | place | expected | note |',
    '|---|---|---|---|',
    ...INFRA_ROWS.map((r) => `| ${r.fault} | ${r.place} | ${OUTCOME_TEXT[r.expected]} | ${r.note ?? ''} |`),
  ].join('\n');
}
