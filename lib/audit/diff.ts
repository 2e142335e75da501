// Before → after for the audit log (SPEC §16): only what changed, so an entry says what an
// action did rather than repeating the whole row. Pure, so the rule is unit tested.

export type Snapshot = Record<string, unknown>;

/** What a changed secret is recorded as: never its value, before or after. */
export const SECRET_CHANGED = "changed";

function isPlainObject(value: unknown): value is Snapshot {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Structural equality of JSON-like values (key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

/**
 * The fields whose value differs, as `{ before, after }` holding only those fields; null when
 * nothing changed. A field holding an object (a case's answers) is compared one level down,
 * so an edit of one answer records that answer, not all of them. A field missing on one side
 * is recorded as null there.
 */
export function auditDiff(before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } | null {
  const out = { before: {} as Snapshot, after: {} as Snapshot };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (sameValue(a, b)) continue;
    if (isPlainObject(a) && isPlainObject(b)) {
      const inner = auditDiff(a, b);
      if (inner) {
        out.before[key] = inner.before;
        out.after[key] = inner.after;
      }
      continue;
    }
    out.before[key] = a ?? null;
    out.after[key] = b ?? null;
  }
  return Object.keys(out.after).length ? out : null;
}
