// What a database error means for the caller (pure).

/**
 * SQLSTATE class 22 (data exception: a value PostgreSQL cannot hold) or 54 (program limit
 * exceeded): the data is the problem, not the moment — trying again cannot help. Drizzle
 * wraps the driver's error; its `cause` carries the code then.
 */
export function isDataError(error: unknown): boolean {
  const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown } | null)?.cause);
  return typeof code === "string" && /^(22|54)[0-9A-Z]{3}$/.test(code);
}
