// `npm run test:e2e`: the built app (`next start`, through the real launcher) on a database
// of its own — a fresh embedded PostgreSQL, or a new database on DATABASE_URL's server —
// then Playwright with real Chromium against it. Run `npm run build` first.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { freshDatabase, runCleanups, startBuiltApp, type Cleanup } from "./support/app-under-test";

const log = (line: string) => console.log(`[e2e] ${line}`);

async function main(): Promise<number> {
  const cleanups: Cleanup[] = [];
  try {
    const databaseUrl = await freshDatabase(cleanups, log, "caseline_e2e");
    const owner = { email: "owner@e2e.test", password: randomBytes(12).toString("base64url") };
    const webhookSecret = randomBytes(18).toString("base64url");
    const authSecret = randomBytes(32).toString("base64url");
    // The webhook secret is not put in the server's environment: the tests save it in
    // Settings > Server (global setup, then through the UI as the guide says).
    const app = await startBuiltApp(
      // Outgoing webhooks go to a receiver on 127.0.0.1 (over http) in the specs.
      { databaseUrl, env: { OWNER_EMAIL: owner.email, OWNER_PASSWORD: owner.password, AUTH_SECRET: authSecret, CASELINE_ALLOW_INSECURE_WEBHOOKS: "1" } },
      cleanups,
    );
    log(`app is up at ${app.baseUrl}`);

    const playwright = spawn(
      process.execPath,
      // The specs read the database through the app's server modules ("server-only").
      ["--conditions=react-server", path.join("node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)],
      {
        stdio: "inherit",
        env: {
          ...process.env,
          E2E_BASE_URL: app.baseUrl,
          E2E_DATABASE_URL: databaseUrl,
          E2E_OWNER_EMAIL: owner.email,
          E2E_OWNER_PASSWORD: owner.password,
          E2E_WEBHOOK_SECRET: webhookSecret,
          E2E_AUTH_SECRET: authSecret,
        },
      },
    );
    return await new Promise<number>((resolve) => playwright.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    await runCleanups(cleanups, log);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
