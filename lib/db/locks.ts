// Every PostgreSQL advisory lock Caseline takes, in one registry, so no two features can
// pick the same key by accident. PostgreSQL keeps single 64-bit keys and (int, int) pairs
// apart, so the two tables below cannot collide with each other either.
import "server-only";

/** Whole-app locks: `pg_advisory_lock(key)` / `pg_advisory_xact_lock(key)`. */
export const LOCK = {
  /** Migrations: several instances starting at once migrate one after the other. */
  migrations: 727_001,
  /** The first server owner: two instances starting at once create one owner. */
  ownerBootstrap: 727_002,
  /** Role and active changes: two admins cannot remove the last owner together. */
  userRoles: 727_003,
  /** The first-run demo: two clicks at once make one demo. */
  demo: 727_004,
} as const;

/**
 * Per-item locks: `pg_advisory_xact_lock(space, hashtext(item))`. The first key names what
 * is locked, the second is the item's hash.
 */
export const LOCK_SPACE = {
  /** Inbound routing, per their number (SPEC §3: one case per person, across processes). */
  routing: 1,
  /** A provider message id: a status webhook and the worker storing that id take turns. */
  messageUuid: 2,
  /**
   * A survey's case settings: routing holds it shared while it reads them and creates cases;
   * the editor holds it exclusively while it changes them and recomputes open/closed.
   */
  caseSettings: 3,
} as const;

