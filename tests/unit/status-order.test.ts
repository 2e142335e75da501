import { describe, expect, it } from "vitest";
import { isForward, statusesBefore } from "@/lib/messages/status-order";

describe("delivery status moves forward only (SPEC §4)", () => {
  it.each<[Parameters<typeof isForward>[0], Parameters<typeof isForward>[1], boolean]>([
    ["queued", "submitted", true],
    ["submitted", "delivered", true],
    ["delivered", "read", true],
    ["queued", "read", true],
    ["read", "delivered", false],
    ["delivered", "submitted", false],
    ["submitted", "submitted", false],
    ["submitted", "rejected", true],
    ["queued", "undeliverable", true],
    ["delivered", "rejected", false],
    ["rejected", "delivered", false],
    ["rejected", "read", false],
    ["undeliverable", "read", false],
    ["undeliverable", "delivered", false],
    ["failed", "read", false],
  ])("%s → %s: %s", (current, incoming, expected) => {
    expect(isForward(current, incoming)).toBe(expected);
  });

  it("lists the statuses a new one may replace", () => {
    expect(statusesBefore("delivered").sort()).toEqual(["queued", "received", "submitted"]);
    expect(statusesBefore("read")).not.toContain("read");
    // A late "read" never revives a message that was not delivered.
    expect(statusesBefore("read").sort()).toEqual(["delivered", "queued", "received", "submitted"]);
  });
});
