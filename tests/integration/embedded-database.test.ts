// The zero-setup database: data kept across restarts, a crashed run's leftover recovered,
// a running instance shared. Each case uses a real embedded PostgreSQL in a temp folder.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSql } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";

const root = await fs.mkdtemp(path.join(os.tmpdir(), "caseline-embedded-"));
await fs.chmod(root, 0o755);
const dataDir = path.join(root, "postgres");

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function query<T>(url: string, fn: (sql: ReturnType<typeof openSql>) => Promise<T>): Promise<T> {
  const sql = openSql(url, { max: 1 });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** Starts the embedded database in another Node process, as `npm run dev` would. */
function startInChild(): Promise<{ pid: number; kill: (signal: NodeJS.Signals) => void; exited: Promise<void> }> {
  // node itself with tsx's loader (not the tsx wrapper), so SIGKILL reaches the process that started postgres.
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.resolve("tests/support/embedded-child.ts"), dataDir],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += String(chunk);
      if (out.includes("READY")) resolve({ pid: child.pid!, kill: (s) => child.kill(s), exited });
    });
    child.on("exit", (code) => reject(new Error(`child exited with ${code} before it was ready: ${out}`)));
  });
}

describe("embedded PostgreSQL", () => {
  it("keeps data across a clean stop and start", async () => {
    const first = await startEmbeddedDatabase({ dataDir });
    expect(first.attached).toBe(false);
    await query(first.url, (sql) => sql`create table kept (note text); insert into kept values ('still here')`.simple());
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir });
    const rows = await query(second.url, (sql) => sql`select note from kept`);
    expect(rows.map((r) => r.note)).toEqual(["still here"]);
    await second.stop();
  });

  it("recovers the database a killed process left running, without losing data", async () => {
    const child = await startInChild();
    child.kill("SIGKILL"); // no chance to stop its postgres
    await child.exited;
    const postmaster = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8");
    const orphan = Number(postmaster.split("\n")[0]);
    expect(() => process.kill(orphan, 0)).not.toThrow(); // the orphan is still running

    const lines: string[] = [];
    const recovered = await startEmbeddedDatabase({ dataDir, log: (l) => lines.push(l) });
    expect(lines.join("\n")).toMatch(/left running .* did not shut down cleanly/);
    expect(() => process.kill(orphan, 0)).toThrow();
    const rows = await query(recovered.url, (sql) => sql`select note from kept`);
    expect(rows.map((r) => r.note)).toEqual(["still here"]);
    await recovered.stop();
  });

  it("shares the database with the live process that runs it instead of starting a second one", async () => {
    const child = await startInChild();
    try {
      const attached = await startEmbeddedDatabase({ dataDir });
      expect(attached.attached).toBe(true);
      const rows = await query(attached.url, (sql) => sql`select note from kept`);
      expect(rows).toHaveLength(1);
      await attached.stop(); // leaves the owner's database running
      const again = await startEmbeddedDatabase({ dataDir });
      expect(again.attached).toBe(true);
    } finally {
      child.kill("SIGTERM");
      await child.exited;
    }
  });
});
