import { describe, expect, it } from "vitest";
import { THROTTLE_WINDOW_MS, throttleDecision } from "@/lib/auth/throttle";

describe("throttleDecision", () => {
  const now = new Date("2026-01-01T12:00:00Z");

  it("lets a try go ahead below the limit", () => {
    expect(throttleDecision({ failures: 4, oldest: new Date(now.getTime() - 1000), limit: 5 }, now)).toEqual({ throttled: false });
  });

  it("throttles at the limit until the oldest failure leaves the window", () => {
    const oldest = new Date(now.getTime() - 60_000);
    const state = throttleDecision({ failures: 5, oldest, limit: 5 }, now);
    expect(state).toEqual({ throttled: true, retryAfterSeconds: (THROTTLE_WINDOW_MS - 60_000) / 1000 });
  });

  it("never asks to wait less than a second", () => {
    const oldest = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    expect(throttleDecision({ failures: 9, oldest, limit: 5 }, now)).toEqual({ throttled: true, retryAfterSeconds: 1 });
  });

  it("does not throttle without failures", () => {
    expect(throttleDecision({ failures: 0, oldest: null, limit: 5 }, now)).toEqual({ throttled: false });
  });
});
