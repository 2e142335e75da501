// `npm run dev` / `npm start`: prepares the database (embedded unless DATABASE_URL is set),
// then runs Next.js with it, and on SIGINT/SIGTERM stops Next.js and the database cleanly.
import { spawn } from "node:child_process";
import path from "node:path";
import { dataDirectory } from "@/lib/db/resolve-database";
import { resolveAuthSecret } from "@/lib/server/auth-secret";
import { log, prepareDatabase } from "@/lib/server/prepare";

async function main() {
  const mode = process.argv[2] === "dev" ? "dev" : "start";
  const db = await prepareDatabase();
  const { secret, fromEnvironment } = resolveAuthSecret(dataDirectory());
  if (!fromEnvironment && !db.embedded) {
    log("AUTH_SECRET is not set: using the one kept in the data folder. Several instances must share one AUTH_SECRET.");
  }
  const port = process.env.PORT || "3000";
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, mode, "-p", port], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: db.url, AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1" },
  });
  log(`Caseline is starting on http://localhost:${port} (${mode}).`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  child.on("exit", async (code, signal) => {
    await db.stop();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error) => {
  console.error(`[caseline] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
