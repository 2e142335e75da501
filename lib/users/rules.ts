// Who may do what to whom among users (pure). SPEC §2: owners alone create owners; admins
// manage users; the server never loses its last active owner.
import type { UserRole } from "@/lib/db/schema";

type Person = { role: UserRole };

export function mayAssignRole(actor: Person, role: UserRole): boolean {
  if (actor.role === "owner") return true;
  return actor.role === "admin" && role !== "owner";
}

/** Admins manage admins and staff; only an owner changes an owner. */
export function mayManage(actor: Person, target: Person): boolean {
  if (actor.role === "owner") return true;
  return actor.role === "admin" && target.role !== "owner";
}

/** Would this change leave the server without an active owner? */
export function removesLastOwner(
  target: { role: UserRole; active: boolean },
  change: { role?: UserRole; active?: boolean },
  activeOwners: number,
): boolean {
  const wasActiveOwner = target.role === "owner" && target.active;
  const staysActiveOwner = (change.role ?? target.role) === "owner" && (change.active ?? target.active);
  return wasActiveOwner && !staysActiveOwner && activeOwners <= 1;
}
