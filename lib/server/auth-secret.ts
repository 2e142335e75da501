import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";

/**
 * AUTH_SECRET signs sessions (and later derives the key that encrypts stored secrets).
 * Without one, a random secret is kept in the data folder so sessions survive restarts of a
 * single instance; several instances must share one AUTH_SECRET (README, production notes).
 */
export function resolveAuthSecret(dataDir: string): { secret: string; fromEnvironment: boolean } {
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return { secret: fromEnv, fromEnvironment: true };
  const file = path.join(dataDir, "auth-secret");
  try {
    const saved = fs.readFileSync(file, "utf8").trim();
    if (saved.length >= 32) return { secret: saved, fromEnvironment: false };
  } catch {
    // first start: create it below
  }
  const secret = randomBytes(32).toString("base64url");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return { secret, fromEnvironment: false };
}
