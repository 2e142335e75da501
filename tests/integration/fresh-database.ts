// Runs before each integration test file: a new database copied from the migrated template,
// so files never see each other's rows. The app's client picks it up through DATABASE_URL.
import { afterAll, inject } from "vitest";
import { closeDb, openSql } from "@/lib/db/client";
import { uniqueDatabaseName, withDatabase } from "../support/database-names";

const serverUrl = inject("serverUrl");
const template = inject("templateDatabase");
const database = uniqueDatabaseName("caseline_test");

const admin = openSql(serverUrl, { max: 1 });
for (let attempt = 1; ; attempt++) {
  try {
    await admin.unsafe(`create database "${database}" template "${template}"`);
    break;
  } catch (error) {
    // Two files copying the template in the same instant can collide; try again shortly.
    if (attempt >= 10) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}
process.env.DATABASE_URL = withDatabase(serverUrl, database);

afterAll(async () => {
  await closeDb();
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.end({ timeout: 5 });
});
