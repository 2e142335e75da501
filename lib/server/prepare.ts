// What every Caseline process does before it serves: pick the database, migrate it, make
// sure the server has an owner. Used by `npm run dev`, `npm start` and `npm run db:migrate`.
import "server-only";
import { env } from "@/lib/config/env";
import { closeDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resolveDatabase, type ResolvedDatabase } from "@/lib/db/resolve-database";
import { ensureOwner } from "@/lib/auth/users";

export const log = (line: string) => console.log(`[caseline] ${line}`);

/**
 * `progressTo: "stderr"` keeps stdout for the command's own output (the api-token script
 * prints just the token there, for `TOKEN=$(npm run -s api-token …)`).
 */
export async function prepareDatabase({ progressTo = "stdout" }: { progressTo?: "stdout" | "stderr" } = {}): Promise<ResolvedDatabase> {
  const print = progressTo === "stderr" ? console.error : console.log;
  const db = await resolveDatabase((line) => print(`[caseline] ${line}`));
  try {
    process.env.DATABASE_URL = db.url;
    await migrateDatabase(db.url);
    const owner = await ensureOwner({ email: env().OWNER_EMAIL, password: env().OWNER_PASSWORD });
    if (owner.created) print(ownerBox(owner.email, owner.generatedPassword));
    await closeDb();
    return db;
  } catch (error) {
    await db.stop();
    throw error;
  }
}

function ownerBox(email: string, generatedPassword: string | null): string {
  const lines = [
    "Created the server owner.",
    `  Email:    ${email}`,
    generatedPassword
      ? `  Password: ${generatedPassword}   (shown only this once)`
      : "  Password: the one in OWNER_PASSWORD",
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const bar = "─".repeat(width);
  return `\n┌${bar}┐\n${lines.map((l) => `│ ${l.padEnd(width - 1)}│`).join("\n")}\n└${bar}┘\n`;
}
