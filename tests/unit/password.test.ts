import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";

describe("passwords", () => {
  it("generates long, different, unambiguous passwords", () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).toHaveLength(20);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
  });

  it("draws every character of the alphabet equally often", () => {
    // 100,000 characters: ~1,818 per character. Taking a random byte modulo 55 would give the
    // first 36 characters 5/256 each and the last 19 only 4/256 (a 25 % difference).
    const counts = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) for (const c of generatePassword()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    expect(counts.size).toBe(alphabet.length);
    const mean = (chars: string) => [...chars].reduce((sum, c) => sum + (counts.get(c) ?? 0), 0) / chars.length;
    const first = mean(alphabet.slice(0, 36));
    const last = mean(alphabet.slice(36));
    expect(Math.abs(first - last) / first).toBeLessThan(0.05);
  });

  it("verifies the right password and refuses a wrong one or a missing hash", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsE", hash)).toBe(false);
    expect(await verifyPassword("correct horse", null)).toBe(false);
  });
});
