"use server";

import { signOut } from "@/lib/auth";
import { getCurrentUser } from "@/lib/auth/guards";
import { endSessions } from "@/lib/auth/sessions";

/**
 * Not through the action wrapper (lib/http/action.ts), which requires a current session: a
 * sign-out must clear the cookie even when its session already ended.
 */
export async function signOutAction() {
  // Ended here first, so a database that cannot be reached fails the sign-out visibly instead
  // of clearing this cookie while copies of it stay valid. (Auth.js's own sign-out event does
  // the same for its endpoint; the version check makes the second one a no-op.)
  const user = await getCurrentUser();
  if (user?.sessionVersion !== undefined) await endSessions(user.id, undefined, { ifVersion: user.sessionVersion });
  await signOut({ redirectTo: "/login" });
}
