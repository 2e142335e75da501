// Which database this process uses: DATABASE_URL when set, the embedded one otherwise.
import path from "node:path";
import { startEmbeddedDatabase } from "./embedded";

export type ResolvedDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

export function dataDirectory(): string {
  return path.resolve(process.env.CASELINE_DATA_DIR || ".data");
}

export async function resolveDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => {} };
  const db = await startEmbeddedDatabase({
    dataDir: path.join(dataDirectory(), "postgres"),
    port: process.env.EMBEDDED_DATABASE_PORT ? Number(process.env.EMBEDDED_DATABASE_PORT) : undefined,
    log,
  });
  return { url: db.url, embedded: true, stop: db.stop };
}
