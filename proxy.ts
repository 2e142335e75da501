// Convenience only: sends signed-out visitors of app pages to /login. Every page, action
// and route handler checks access itself (lib/auth/guards.ts).
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);

export const proxy = auth((request) => {
  if (request.auth) return NextResponse.next();
  const login = new URL("/login", request.nextUrl.origin);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
});

export const config = {
  // Everything but the login page, the APIs (which answer 401 themselves) and static files.
  matcher: ["/((?!login|api/|_next/|favicon.ico|.*\\.(?:png|jpg|svg|ico|css|js)$).*)"],
};
