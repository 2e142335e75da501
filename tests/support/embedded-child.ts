// Starts the embedded database in its own process and keeps it, like `npm run dev` does.
// Used by tests that kill this process to leave an orphaned PostgreSQL behind.
import { startEmbeddedDatabase } from "@/lib/db/embedded";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: embedded-child.ts DATA_DIR");
startEmbeddedDatabase({ dataDir }).then((db) => {
  console.log(`READY ${db.url}`);
  setInterval(() => {}, 1000);
});
