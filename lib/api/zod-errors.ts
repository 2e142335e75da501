// A zod failure as the API's 400: the message names the field, so a caller can fix it
// without reading the schema ("body.text: Too big: expected string to have <=1600 characters").
import type { z } from "zod";
import { AppError } from "@/lib/http/app-error";

export function describeIssue(issue: z.core.$ZodIssue, where: string): { field: string; message: string } {
  const field = issue.path.length ? issue.path.map(String).join(".") : where;
  return { field, message: `${field}: ${issue.message}` };
}

export function badRequestFrom(error: z.ZodError, where: "query" | "body"): AppError {
  const first = error.issues[0];
  if (!first) return new AppError("bad_request", `The ${where} is not valid.`);
  const { message } = describeIssue(first, where);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return new AppError("bad_request", `Invalid ${where}: ${message}${more}.`);
}
