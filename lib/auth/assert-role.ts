import type { UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { hasRole, type CurrentUser } from "./access";

/**
 * The role check every admin operation makes itself, whoever calls it. Refused operations
 * answer as missing (404), like pages a role may not see.
 */
export function assertRole(actor: CurrentUser, roles: readonly UserRole[]): void {
  if (!hasRole(actor, roles)) throw new AppError("not_found", "Not found.");
}
