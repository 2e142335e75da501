import { describe, expect, it } from "vitest";
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  checkSignInThrottle,
  clearSignInFailures,
  recordSignInFailure,
} from "@/lib/auth/throttle";
import { getSql } from "@/lib/db/client";

describe("sign-in throttle", () => {
  it("throttles an email after repeated failures, whatever its spelling", async () => {
    const who = { email: "Someone@Example.com", ip: "203.0.113.1" };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await recordSignInFailure(who);
    expect(await checkSignInThrottle(who)).toEqual({ throttled: false });
    await recordSignInFailure(who);
    const state = await checkSignInThrottle({ email: "someone@example.com", ip: "198.51.100.9" });
    expect(state.throttled).toBe(true);
    if (state.throttled) expect(state.retryAfterSeconds).toBeGreaterThan(800);
  });

  it("lifts the email throttle after a good sign-in", async () => {
    await clearSignInFailures({ email: "someone@example.com" });
    expect(await checkSignInThrottle({ email: "someone@example.com", ip: "198.51.100.9" })).toEqual({ throttled: false });
  });

  it("forgets failures older than the window", async () => {
    const who = { email: "old@example.com", ip: "203.0.113.2" };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await recordSignInFailure(who);
    await getSql()`update login_failures set at = now() - interval '16 minutes' where email = 'old@example.com'`;
    expect(await checkSignInThrottle(who)).toEqual({ throttled: false });
  });

  it("throttles an address that tries many different emails", async () => {
    const ip = "203.0.113.3";
    for (let i = 0; i <= MAX_FAILURES_PER_IP; i++) await recordSignInFailure({ email: `guess${i}@example.com`, ip });
    const state = await checkSignInThrottle({ email: "fresh@example.com", ip });
    expect(state.throttled).toBe(true);
    // A good sign-in by one account does not lift an address's throttle.
    await clearSignInFailures({ email: "guess1@example.com" });
    expect((await checkSignInThrottle({ email: "fresh@example.com", ip })).throttled).toBe(true);
  });

  it("never lets strangers' failures from an unknown address lock out another account", async () => {
    // Without a trusted proxy the address is unknown: 40 wrong guesses at random emails…
    for (let i = 0; i < 40; i++) await recordSignInFailure({ email: `random${i}@example.com`, ip: null });
    // …lock out nobody else, the owner included; each guessed account keeps its own limit.
    expect(await checkSignInThrottle({ email: "owner@example.com", ip: null })).toEqual({ throttled: false });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await recordSignInFailure({ email: "target@example.com", ip: null });
    expect((await checkSignInThrottle({ email: "target@example.com", ip: null })).throttled).toBe(true);
  });
});
