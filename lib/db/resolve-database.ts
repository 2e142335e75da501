// Which database this process uses: DATABASE_URL when set, the embedded one otherwise.
import "server-only";
import path from "node:path";
import { env } from "@/lib/config/env";
import { startEmbeddedDatabase } from "./embedded";

export type ResolvedDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

export function dataDirectory(): string {
  return path.resolve(env().CASELINE_DATA_DIR);
}

export async function resolveDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  const url = env().DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => {} };
  const db = await startEmbeddedDatabase({
    dataDir: path.join(dataDirectory(), "postgres"),
    port: env().EMBEDDED_DATABASE_PORT,
    log,
  });
  return { url: db.url, embedded: true, stop: db.stop };
}
