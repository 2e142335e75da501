import { describe, expect, it } from "vitest";
import { LOCK, LOCK_SPACE } from "@/lib/db/locks";

describe("advisory lock registry", () => {
  it("gives every lock its own key", () => {
    const keys = Object.values(LOCK);
    const spaces = Object.values(LOCK_SPACE);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(spaces).size).toBe(spaces.length);
    // Both kinds fit PostgreSQL's key types: bigint for single keys, int4 for the space.
    for (const key of [...keys, ...spaces]) expect(Number.isSafeInteger(key) && key > 0 && key < 2 ** 31).toBe(true);
  });
});
