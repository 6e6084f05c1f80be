/**
 * The section registry: every id of catalog/sections.ts (the one list, in email order) mapped to the module in its
 * folder, and how a section is run: switched off → `disabled`, Mux failing it → `unavailable` with a one-line
 * reason, else `ok` (with a reason when it is only partly there). The snapshot's `sections` map, the view-model,
 * the text part and the email layout are all composed from here, in SECTION_IDS order; the snapshot schema from
 * the parts' schemas alone (schemas.ts), so reading a snapshot does not load the code that makes one.
 *
 * Adding a section: a folder `<id>/` (index.ts exporting `section`, schema.ts, collect.ts, view.ts, text.ts,
 * template.mjml, sample.ts; see scores/ for the smallest), its id in catalog/sections.ts, its line below and the
 * line of its schema in schemas.ts.
 */
import type { z } from 'zod';
import { SECTION_IDS, type SectionId } from '../catalog/sections.js';
import type { SectionStatus } from '../snapshot/parts.js';
import { section as breakdowns } from './breakdowns/index.js';
import { section as causes } from './causes/index.js';
import { section as errors } from './errors/index.js';
import { section as failedViews } from './failedViews/index.js';
import { section as history } from './history/index.js';
import { section as incidents } from './incidents/index.js';
import { section as insights } from './insights/index.js';
import { section as keyMetrics } from './keyMetrics/index.js';
import { unavailableReason } from './reason.js';
import type { SectionSchemas } from './schemas.js';
import { section as scores } from './scores/index.js';
import type { SectionContext, SectionModule, TextContext, ViewContext } from './section.js';
import type { TextOut } from './text-kit.js';
import { section as trend } from './trend/index.js';
import { section as volume } from './volume/index.js';

/** One line per section; the compiler keeps the keys equal to SECTION_IDS and each module's `id` equal to its key. */
export const SECTIONS = {
  scores,
  causes,
  volume,
  keyMetrics,
  insights,
  incidents,
  errors,
  breakdowns,
  trend,
  history,
  failedViews,
} as const satisfies { readonly [K in SectionId]: SectionModule<K, SectionSchemas[K]> };

export type Sections = typeof SECTIONS;
/** The snapshot part of section K (its status, reason and fields). */
export type SectionPart<K extends SectionId> = z.output<Sections[K]['schema']>;
export type SectionParts = { [K in SectionId]: SectionPart<K> };

/** The view-model of section K (what its template sees as `s`). */
export type SectionViewModel<K extends SectionId> = ReturnType<Sections[K]['view']>;
/** Every section's view-model; null for a section the email leaves out (disabled, or no views in the period). */
export type SectionViewModels = { [K in SectionId]: SectionViewModel<K> | null };

export const DISABLED_REASON = 'switched off in the report configuration';

/** The module of an id, as the common module type (for loops over SECTION_IDS). */
export const sectionModule = (id: SectionId): SectionModule => SECTIONS[id];

type AnyPart = { status: SectionStatus; reason: string | null } & Record<string, unknown>;

/**
 * Runs one section. Core sections are not guarded: they only read the scorecards, whose failure already failed the
 * report; any other failure becomes `unavailable` with a reason naming the section (reason.ts).
 */
export async function runSection(module: SectionModule, ctx: SectionContext): Promise<AnyPart> {
  const off = ctx.report.sections[module.id]
    ? (module.disabledBy?.(ctx.report) ?? module.disabledIn?.(ctx) ?? null)
    : DISABLED_REASON;
  if (off !== null) return { status: 'disabled', reason: off, ...module.empty(ctx) };
  const run = async (): Promise<AnyPart> => {
    const { data, partial } = await module.collect(ctx);
    return { status: 'ok', reason: partial ?? null, ...data };
  };
  if (module.core) return run();
  try {
    return await run();
  } catch (err) {
    return { status: 'unavailable', reason: unavailableReason(module.noun, err), ...module.empty(ctx) };
  }
}

/** Every section, concurrently (the Mux client paces the calls); `contextFor` gives each its context. */
export async function collectSections(contextFor: (id: SectionId) => SectionContext): Promise<SectionParts> {
  const parts = await Promise.all(SECTION_IDS.map((id) => runSection(sectionModule(id), contextFor(id))));
  return Object.fromEntries(SECTION_IDS.map((id, i) => [id, parts[i]])) as SectionParts;
}

/** The snapshot's `sections` map: each section's status. */
export function sectionStatuses(parts: SectionParts): Record<SectionId, SectionStatus> {
  return Object.fromEntries(SECTION_IDS.map((id) => [id, parts[id].status])) as Record<SectionId, SectionStatus>;
}

/** The sections' view-models, from the snapshot's parts and its `sections` map. */
export function sectionViews(
  snapshot: SectionParts & { sections: Record<SectionId, SectionStatus> },
  ctx: ViewContext & { hasViews: boolean },
): SectionViewModels {
  return Object.fromEntries(
    SECTION_IDS.map((id) => {
      const module = sectionModule(id);
      const shown = snapshot.sections[id] !== 'disabled' && (ctx.hasViews || module.shownWithoutViews === true);
      return [id, shown ? module.view(snapshot[id], ctx) : null];
    }),
  ) as SectionViewModels;
}

/** The sections of the plain-text part, in email order. */
export function sectionsText(vms: SectionViewModels, out: TextOut, ctx: TextContext): void {
  for (const id of SECTION_IDS) {
    const vm = vms[id];
    if (vm) sectionModule(id).text(vm, out, ctx);
  }
}
