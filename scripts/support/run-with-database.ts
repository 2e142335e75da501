// The frame of the small admin commands (owner:reset-password, api-token): prepare the
// database (embedded or DATABASE_URL, migrated), run, close it, exit 0 — or print the error's
// message on stderr and exit 1.
import { closeDb } from "@/lib/db/client";
import { prepareDatabase } from "@/lib/server/prepare";

export function runWithDatabase(work: () => Promise<void>, { progressTo = "stdout" }: { progressTo?: "stdout" | "stderr" } = {}): void {
  const run = async () => {
    const db = await prepareDatabase({ progressTo });
    try {
      await work();
    } finally {
      await closeDb();
      await db.stop();
    }
  };
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(`[caseline] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
