// What a database error means for the caller (pure).

/** The SQLSTATE of a PostgreSQL error; drizzle wraps the driver's error, whose `cause` carries it then. */
export function sqlState(error: unknown): string | null {
  const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown } | null)?.cause);
  return typeof code === "string" ? code : null;
}

/**
 * SQLSTATE class 22 (data exception: a value PostgreSQL cannot hold) or 54 (program limit
 * exceeded): the data is the problem, not the moment — trying again cannot help.
 */
export function isDataError(error: unknown): boolean {
  return /^(22|54)[0-9A-Z]{3}$/.test(sqlState(error) ?? "");
}
