// `npm run owner:reset-password [email]`: gives the server owner (or the owner with that
// email) a new generated password and prints it — for when the first-start one was lost.
import { generatePassword } from "@/lib/auth/password";
import { findFirstOwner, findUserByEmail, setPassword } from "@/lib/auth/users";
import { log } from "@/lib/server/prepare";
import { runWithDatabase } from "./support/run-with-database";

runWithDatabase(async () => {
  const email = process.argv[2];
  const owner = email ? await findUserByEmail({ email }) : await findFirstOwner();
  if (!owner || owner.role !== "owner") throw new Error(email ? `${email} is not a server owner.` : "This server has no owner.");
  const password = generatePassword();
  await setPassword({ id: owner.id, password });
  log(`New password for ${owner.email}: ${password}`);
});
