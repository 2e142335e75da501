import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authConfig } from "./config";
import { endSessions } from "./sessions";
import { verifyPassword } from "./password";
import { checkSignInThrottle, clearSignInFailures, clientIp, recordSignInFailure } from "./throttle";
import { findUserByEmail } from "./users";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  events: {
    // Signing out ends every session of the user, not just this cookie (a copy of it, a
    // stolen one, another device's).
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      const uid = Number(token?.uid);
      if (Number.isInteger(uid) && uid > 0 && typeof token?.sv === "number") await endSessions(uid, undefined, { ifVersion: token.sv });
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      // The throttle is checked here too, not only in /api/session, because Auth.js's own
      // callback endpoint is public as well.
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(request.headers);
        // The attempt is counted before the (slow) password check, so a burst of parallel
        // guesses cannot all pass the throttle before any of them is recorded as failed.
        await recordSignInFailure({ email, ip });
        if ((await checkSignInThrottle({ email, ip }, new Date(), 1)).throttled) throw new ThrottledSignIn();
        const user = await findUserByEmail({ email });
        const ok = await verifyPassword(password, user?.passwordHash);
        if (!user || !ok || !user.active) return null;
        await clearSignInFailures({ email });
        return { id: String(user.id), email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
});
