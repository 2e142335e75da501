// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL or the embedded database.
import { env } from "@/lib/config/env";
import { log, prepareDatabase } from "@/lib/server/prepare";

Promise.resolve()
  .then(() => env()) // a bad setting stops here, naming the variable
  .then(() => prepareDatabase())
  .then(async (db) => {
    log("Migrations applied.");
    await db.stop();
    process.exit(0);
  })
  .catch((error) => {
    console.error(`[caseline] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
