// The part of the Auth.js configuration that needs no database, shared by the proxy
// (a convenience redirect to /login) and the full configuration in ./index.ts.
import type { NextAuthConfig } from "next-auth";

declare module "next-auth" {
  interface User {
    /** The user's session version at sign-in (lib/auth/sessions.ts). */
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
    signedInAt?: number;
  }
}

export const authConfig = {
  pages: { signIn: "/login" },
  // 12 hours without a visit end a session; lib/auth/sessions.ts ends it after 7 days anyway,
  // and at once when the user signs out, gets a new password or loses access.
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  // Caseline runs behind load balancers and on localhost; the host header is trusted.
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      // Only at sign-in: later refreshes keep the version and the sign-in time they had.
      if (user?.id) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sv === "number") session.sessionVersion = token.sv;
      if (typeof token.signedInAt === "number") session.signedInAt = token.signedInAt;
      return session;
    },
  },
  logger: {
    // A wrong password is an everyday event, not a server error.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
} satisfies NextAuthConfig;
