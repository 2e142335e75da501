import "server-only";
import { NextResponse } from "next/server";
import { isAppError } from "./app-error";

export type ErrorBody = { error: { code: string; message: string } };

/** Turns any thrown value into a JSON error response; unknown errors are logged, never echoed. */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (isAppError(error)) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: error.status, headers: error.headers },
    );
  }
  console.error(error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server. Please try again." } },
    { status: 500 },
  );
}
