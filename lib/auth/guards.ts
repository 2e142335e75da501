// The access checks every server action, route handler and page calls itself; the proxy's
// redirect to /login is a convenience only (SPEC §2).
import "server-only";
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import type { UserRole } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/http/app-error";
import { hasRole, requireVisibleSurvey, type CurrentUser } from "./access";
import { auth } from "./index";
import { sessionIsCurrent } from "./sessions";
import { findActiveUserById } from "./users";

/**
 * The signed-in user, read from the database on every request so that a deactivated user,
 * a changed role or an ended session (lib/auth/sessions.ts) takes effect at once, not when
 * the session cookie expires.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await findActiveUserById({ id });
  const claims = { sessionVersion: session?.sessionVersion ?? null, signedInAt: session?.signedInAt ?? null };
  if (!user || !sessionIsCurrent(claims, user, Date.now())) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Please sign in.");
  return user;
}

export async function requireRole(roles: readonly UserRole[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!hasRole(user, roles)) throw new AppError("forbidden", "You do not have access to this.");
  return user;
}

/** A survey the user may not see answers as missing (404), so references cannot be probed. */
export async function requireSurveyAccess(surveyId: number): Promise<CurrentUser> {
  const user = await requireUser();
  await requireVisibleSurvey(user, surveyId);
  return user;
}

/** For pages and layouts: turns the guards' errors into a sign-in redirect, a 403 or a 404 page. */
export async function guardPage<T>(check: () => Promise<T>, returnTo = "/"): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "unauthenticated") redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (error.code === "forbidden") forbidden();
    if (error.code === "not_found") notFound();
    throw error;
  }
}
