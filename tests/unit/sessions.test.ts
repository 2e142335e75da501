import { describe, expect, it } from "vitest";
import { ABSOLUTE_SESSION_LIFETIME_MS, sessionIsCurrent } from "@/lib/auth/sessions";

const now = Date.UTC(2026, 10, 23, 12);
const user = { active: true, sessionVersion: 3 };

describe("a session is current", () => {
  it("while its version is the user's and it is younger than 7 days", () => {
    expect(sessionIsCurrent({ sessionVersion: 3, signedInAt: now - 1000 }, user, now)).toBe(true);
    expect(sessionIsCurrent({ sessionVersion: 3, signedInAt: now - ABSOLUTE_SESSION_LIFETIME_MS + 1000 }, user, now)).toBe(true);
  });

  it("not after sign-out, a new password, deactivation or a change of role or access (a newer version)", () => {
    expect(sessionIsCurrent({ sessionVersion: 2, signedInAt: now - 1000 }, user, now)).toBe(false);
    expect(sessionIsCurrent({ sessionVersion: 3, signedInAt: now - 1000 }, { ...user, active: false }, now)).toBe(false);
  });

  it("not 7 days after signing in, however often it was used since", () => {
    expect(sessionIsCurrent({ sessionVersion: 3, signedInAt: now - ABSOLUTE_SESSION_LIFETIME_MS }, user, now)).toBe(false);
  });

  it("not for a cookie from before sessions carried a version, nor one dated in the future", () => {
    expect(sessionIsCurrent({ sessionVersion: null, signedInAt: null }, user, now)).toBe(false);
    expect(sessionIsCurrent({ sessionVersion: 3, signedInAt: now + 3_600_000 }, user, now)).toBe(false);
  });
});
