// `npm run api-token -- --email EMAIL --name NAME [--expires-days N]`: creates an API token
// for that user and prints it (only the token, on stdout, so set-up scripts can capture it:
// TOKEN=$(npm run -s api-token -- --email ops@example.org --name "CRM")).
import { parseArgs } from "node:util";
import { issueToken } from "@/lib/api/tokens";
import { findUserByEmail } from "@/lib/auth/users";
import { runWithDatabase } from "./support/run-with-database";

const USAGE = "Usage: npm run api-token -- --email EMAIL --name NAME [--expires-days DAYS]";

/** The options, checked before the database is started. */
function options(): { email: string; name: string; days: number | null } {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, "expires-days": { type: "string" } },
    strict: true,
  });
  if (!values.email || !values.name) throw new Error(USAGE);
  const days = values["expires-days"] === undefined ? null : Number(values["expires-days"]);
  if (days !== null && (!Number.isInteger(days) || days < 1)) throw new Error(`--expires-days must be a whole number of days. ${USAGE}`);
  return { email: values.email, name: values.name, days };
}

let chosen: ReturnType<typeof options>;
try {
  chosen = options();
} catch (error) {
  console.error(`[caseline] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const { email, name, days } = chosen;

runWithDatabase(
  async () => {
    const user = await findUserByEmail({ email });
    if (!user) throw new Error(`There is no user with the email ${email}.`);
    if (!user.active) throw new Error(`${user.email} is deactivated: their tokens would not work.`);
    const expiresAt = days === null ? null : new Date(Date.now() + days * 86_400_000);
    const { token } = await issueToken(null, user.id, { name, expiresAt });
    process.stdout.write(`${token}\n`);
  },
  { progressTo: "stderr" },
);
