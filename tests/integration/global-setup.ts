// Starts the run's PostgreSQL: the server in DATABASE_URL when set, otherwise an embedded
// one in a temporary folder. Builds a migrated template database that each test file copies.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openSql } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { uniqueDatabaseName, withDatabase } from "../support/database-names";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let stopEmbedded = async () => {};
  let tempDir: string | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "caseline-test-"));
    await fs.chmod(tempDir, 0o755); // the embedded server runs as user postgres when we are root
    const db = await startEmbeddedDatabase({ dataDir: path.join(tempDir, "postgres") });
    serverUrl = db.url;
    stopEmbedded = db.stop;
  }

  // Send retries at once (no 5 s backoff), so "500 five times" takes a moment, not a minute.
  process.env.SEND_RETRY_DELAY_SECONDS ??= "0";
  // Five attempts (not the production default of nine), so "failed after every retry" is quick.
  process.env.SEND_RETRY_LIMIT ??= "4";
  const template = uniqueDatabaseName("caseline_template");
  const admin = openSql(serverUrl, { max: 1 });
  await admin.unsafe(`create database "${template}"`);
  await migrateDatabase(withDatabase(serverUrl, template));

  project.provide("serverUrl", serverUrl);
  project.provide("templateDatabase", template);

  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    await stopEmbedded();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  };
}
