// Sign-in for the /login form. Auth.js does the sign-in; this handler adds the throttle's
// 429 and plain JSON errors that the form shows where they happen.
import { AuthError } from "next-auth";
import { NextResponse } from "next/server";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { checkSignInThrottle, clientIp } from "@/lib/auth/throttle";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";

const bodySchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export async function POST(request: Request) {
  try {
    // JSON only: a cross-site HTML form cannot send it without the browser asking first,
    // so no other site can sign a visitor in to an account of its choosing.
    if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
      throw new AppError("bad_request", "Send the sign-in as JSON.");
    }
    const parsed = bodySchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "Enter your email and password.");
    const { email, password } = parsed.data;

    const throttle = await checkSignInThrottle({ email, ip: clientIp(request.headers) });
    if (throttle.throttled) throw tooManyAttempts(throttle.retryAfterSeconds);

    try {
      await signIn("credentials", { email, password, redirect: false });
    } catch (error) {
      if (error instanceof AuthError) {
        if ("code" in error && error.code === "throttled") throw tooManyAttempts(60);
        throw new AppError("unauthenticated", "Wrong email or password.");
      }
      throw error;
    }
    return NextResponse.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}

function tooManyAttempts(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    "too_many_requests",
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { "Retry-After": String(retryAfterSeconds) },
  );
}
