import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { DEFAULT_OWNER_EMAIL, ensureOwner, findUserByEmail } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

describe("first start creates the server owner", () => {
  it("creates exactly one owner when several instances start at once, with a printed password", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureOwner({})));
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const first = created[0]!;
    if (!first.created) throw new Error("unreachable");
    expect(first.email).toBe(DEFAULT_OWNER_EMAIL);
    expect(first.generatedPassword).toHaveLength(20);

    const owners = await getDb().select().from(users).where(eq(users.role, "owner"));
    expect(owners).toHaveLength(1);
    expect(await verifyPassword(first.generatedPassword!, owners[0]!.passwordHash)).toBe(true);
  });

  it("does nothing once an owner exists, even with other OWNER_ settings", async () => {
    const again = await ensureOwner({ email: "someone@example.com", password: "another-password" });
    expect(again).toEqual({ created: false });
    expect(await findUserByEmail({ email: "someone@example.com" })).toBeNull();
  });
});

describe("OWNER_EMAIL and OWNER_PASSWORD", () => {
  it("are used on a server without an owner", async () => {
    await getDb().delete(users);
    const result = await ensureOwner({ email: " Boss@Example.com ", password: "s3cret-pass" });
    expect(result).toEqual({ created: true, email: "boss@example.com", generatedPassword: null });
    const owner = await findUserByEmail({ email: "BOSS@example.com" });
    expect(owner?.role).toBe("owner");
    expect(await verifyPassword("s3cret-pass", owner!.passwordHash)).toBe(true);
  });
});
