// For the e2e runner and the benchmarks: a database of their own and the built app on it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openSql } from "@/lib/db/client";
import { freePort, startEmbeddedDatabase } from "@/lib/db/embedded";
import { uniqueDatabaseName, withDatabase } from "@/tests/support/database-names";

export type Cleanup = () => Promise<void>;

/** A new database: on DATABASE_URL's server when set, else a fresh embedded PostgreSQL. */
export async function freshDatabase(cleanups: Cleanup[], log: (line: string) => void, prefix = "caseline_run"): Promise<string> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = uniqueDatabaseName(prefix);
    const admin = openSql(serverUrl, { max: 1 });
    await admin.unsafe(`create database "${name}"`);
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    });
    log(`using a new database ${name} on DATABASE_URL's server`);
    return withDatabase(serverUrl, name);
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  await fs.chmod(dir, 0o755);
  const db = await startEmbeddedDatabase({ dataDir: path.join(dir, "postgres"), log });
  cleanups.push(async () => {
    await db.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  return db.url;
}

/** `pid`: the launcher's process (which runs the workers; Next.js is its child). */
export type RunningApp = { baseUrl: string; pid: number; stop: () => Promise<void> };

/** `npm start` (the real launcher: migrations, owner, next start) on the given database. */
export async function startBuiltApp(
  { databaseUrl, env = {}, quiet = false }: { databaseUrl: string; env?: Record<string, string>; quiet?: boolean },
  cleanups: Cleanup[],
): Promise<RunningApp> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No build found: run `npm run build` first.");
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "caseline-app-data-"));
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/serve.ts", "start"], {
    stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      CASELINE_DATA_DIR: dataDir,
      PORT: String(port),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ...env,
    },
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  cleanups.push(stop);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(`${baseUrl}/api/health`, child);
  return { baseUrl, pid: child.pid!, stop };
}

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the app exited with code ${server.exitCode} before it was healthy`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within 90 s`);
}

export async function runCleanups(cleanups: Cleanup[], log: (line: string) => void) {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup: ${error}`));
}
