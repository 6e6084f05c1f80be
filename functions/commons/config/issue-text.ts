/**
 * Where a configuration problem is: `reports[weekly-qoe].history.periods`, the report named by its id rather than
 * its position. Used by the loader (load.ts), the warnings (warnings.ts) and the run-time lookups (lookup.ts); what
 * is wrong, in plain words, is issue-message.ts (the loader's only).
 */

/** What a list item may be named by in a path: a report's `id`, an environment's `name`. */
const NAME_KEYS = ['id', 'name'] as const;
/** Names shown in brackets must not be mistaken for an index or for path syntax. */
const SHOWABLE_NAME = /^(?!\d+$)[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The name of `list[index]` when it has one that no sibling shares, else undefined. */
function itemName(list: readonly unknown[], index: number): string | undefined {
  const item = list[index];
  if (typeof item !== 'object' || item === null) return undefined;
  for (const key of NAME_KEYS) {
    const name = (item as Record<string, unknown>)[key];
    if (typeof name !== 'string' || !SHOWABLE_NAME.test(name)) continue;
    const shared = list.some((other, i) => i !== index && (other as Record<string, unknown> | null)?.[key] === name);
    return shared ? undefined : name;
  }
  return undefined;
}

/**
 * `['reports', 0, 'timeZone']` → `reports[weekly-qoe].timeZone` when `root` (the document the path points into) has
 * a report with a unique id there, else `reports[0].timeZone`.
 */
export function formatIssuePath(path: readonly PropertyKey[], root?: unknown): string {
  let out = '';
  let node: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      const name = Array.isArray(node) ? itemName(node, key) : undefined;
      out += `[${name ?? key}]`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
    }
    node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return out || '(root)';
}
