// `npm run test:e2e`: the built app (`next start`, through the real launcher) on a database
// of its own — a fresh embedded PostgreSQL, or a new database on DATABASE_URL's server —
// then Playwright with real Chromium against it. Run `npm run build` first.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { openSql } from "@/lib/db/client";
import { freePort, startEmbeddedDatabase } from "@/lib/db/embedded";
import { uniqueDatabaseName, withDatabase } from "@/tests/support/database-names";

const log = (line: string) => console.log(`[e2e] ${line}`);

async function main(): Promise<number> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No build found: run `npm run build` first.");
  const cleanups: Array<() => Promise<void>> = [];
  let server: ChildProcess | null = null;
  try {
    const databaseUrl = await freshDatabase(cleanups);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const owner = { email: "owner@e2e.test", password: randomBytes(12).toString("base64url") };
    const webhookSecret = randomBytes(18).toString("base64url");
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "caseline-e2e-data-"));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));

    server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "start"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        CASELINE_DATA_DIR: dataDir,
        PORT: String(port),
        OWNER_EMAIL: owner.email,
        OWNER_PASSWORD: owner.password,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        VONAGE_WEBHOOK_SECRET: webhookSecret,
      },
    });
    await waitForHealth(`${baseUrl}/api/health`, server);
    log(`app is up at ${baseUrl}`);

    const playwright = spawn(
      process.execPath,
      [path.join("node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)],
      {
        stdio: "inherit",
        env: {
          ...process.env,
          E2E_BASE_URL: baseUrl,
          E2E_DATABASE_URL: databaseUrl,
          E2E_OWNER_EMAIL: owner.email,
          E2E_OWNER_PASSWORD: owner.password,
          E2E_WEBHOOK_SECRET: webhookSecret,
        },
      },
    );
    return await new Promise<number>((resolve) => playwright.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.on("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup: ${error}`));
  }
}

async function freshDatabase(cleanups: Array<() => Promise<void>>): Promise<string> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = uniqueDatabaseName("caseline_e2e");
    const admin = openSql(serverUrl, { max: 1 });
    await admin.unsafe(`create database "${name}"`);
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    });
    log(`using a new database ${name} on DATABASE_URL's server`);
    return withDatabase(serverUrl, name);
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "caseline-e2e-"));
  await fs.chmod(dir, 0o755);
  const db = await startEmbeddedDatabase({ dataDir: path.join(dir, "postgres"), log });
  cleanups.push(async () => {
    await db.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  return db.url;
}

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the app exited with code ${server.exitCode} before it was healthy`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within 90 s`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
