/**
 * Annotations (the deploy/release notes Mux draws on its charts): a few deterministic ones anchored on the fake's
 * clock (floored to the hour, like incidents, so they don't drift while the fake runs), plus what clients create,
 * update or delete through the API, kept in memory per fake instance.
 *
 * The newest seeded one is a player deploy one hour before the still-open incident starts (incidents.ts), the
 * story a report would tell: deploy at T, errors from T+1 h.
 */
import { hash, uuid } from './hash.js';

export interface Annotation {
  id: string;
  note: string;
  /** Epoch seconds; the API renders it as ISO-8601 UTC. */
  date: number;
  sub_property_id: string | null;
}

export type AnnotationInput = Omit<Annotation, 'id'>;

/** [hours before now, note, sub_property_id] */
const PLAN: Array<[number, (seed: number) => string, string | null]> = [
  [3 * 24 + 6, (seed) => `Deploy player v${version(seed, 0)}`, 'web'],
  [9 * 24 + 2, () => 'CDN: 20% of traffic moved from akamai to fastly', null],
  [13 * 24 + 15, (seed) => `Release iOS App ${version(seed, 1)}`, 'apps'],
  [20 * 24 + 9, () => 'Campaign: "Sintel" on the home page', null],
  [27 * 24 + 4, (seed) => `Deploy player v${version(seed, 2)}`, 'web'],
];

function version(seed: number, i: number): string {
  const h = hash(seed, 'annotation-version', i);
  return `${3 + (h % 2)}.${(h >>> 4) % 20}.${(h >>> 9) % 10}`;
}

export function seededAnnotations(seed: number, nowSec: number): Annotation[] {
  const anchor = Math.floor(nowSec / 3600) * 3600;
  return PLAN.map(([hoursAgo, note, sub], i) => ({
    id: uuid(seed, 'annotation', i),
    note: note(seed),
    date: anchor - hoursAgo * 3600 + (hash(seed, 'annotation-minute', i) % 50) * 60,
    sub_property_id: sub,
  }));
}

/** The seeded annotations as changed by this fake's clients (create/update/delete live only in memory). */
export class AnnotationStore {
  readonly #created = new Map<string, Annotation>();
  readonly #updated = new Map<string, AnnotationInput>();
  readonly #deleted = new Set<string>();
  #next = 0;

  constructor(private readonly seed: number) {}

  /** Every live annotation, oldest first (ties by id). */
  all(nowSec: number): Annotation[] {
    const seeded = seededAnnotations(this.seed, nowSec)
      .filter((a) => !this.#deleted.has(a.id))
      .map((a) => ({ ...a, ...this.#updated.get(a.id) }));
    return [...seeded, ...this.#created.values()].sort((a, b) => a.date - b.date || a.id.localeCompare(b.id));
  }

  get(id: string, nowSec: number): Annotation | undefined {
    return this.all(nowSec).find((a) => a.id === id);
  }

  create(input: AnnotationInput): Annotation {
    const created = { id: uuid(this.seed, 'annotation-created', this.#next++), ...input };
    this.#created.set(created.id, created);
    return created;
  }

  /** Replaces note, date and sub_property_id (the description's PATCH body requires note and date). */
  update(id: string, input: AnnotationInput, nowSec: number): Annotation | undefined {
    if (!this.get(id, nowSec)) return undefined;
    const created = this.#created.get(id);
    if (created) this.#created.set(id, { ...created, ...input });
    else this.#updated.set(id, input);
    return this.get(id, nowSec);
  }

  delete(id: string, nowSec: number): boolean {
    if (!this.get(id, nowSec)) return false;
    if (!this.#created.delete(id)) this.#deleted.add(id);
    return true;
  }
}
