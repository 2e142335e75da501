// SPEC §12: the numbers opted out right now, newest first (Users > Conversations, GET
// /api/v1/opt-outs). Owners and admins see every one; a staff user sees those of our numbers
// linked to a survey they may see — the opt-outs that can refuse their replies — and no other
// (a number of ours they do not serve tells them nothing they need).
import "server-only";
import { and, desc, eq, like, sql, type SQL } from "drizzle-orm";
import { visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { optOuts } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";

export type OptOutListItem = { ourNumber: string; theirNumber: string; keyword: string; since: string };

export type OptOutQuery = {
  /** The start of their number, as typed ("+1 555", "00441…", "447700"). */
  number?: string;
  /** One of our numbers, exactly. */
  ourNumber?: string;
  cursor?: string;
  limit?: number;
};

export const OPT_OUT_PAGE = 50;

type Cursor = { since: string; ourNumber: string; theirNumber: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.since, c.ourNumber, c.theirNumber])).toString("base64url");
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((p) => typeof p === "string")) {
      const [since, ourNumber, theirNumber] = parsed as [string, string, string];
      if (!Number.isNaN(Date.parse(since))) return { since, ourNumber, theirNumber };
    }
  } catch {
    // fall through
  }
  throw new AppError("bad_request", "The cursor is not valid; start again from the first page.");
}

/** The digits a number prefix search looks for ("+44 7700" → "447700"; "0044…" → "44…"). */
export function numberPrefix(typed: string | undefined): string {
  return (typed ?? "").replace(/\D/g, "").replace(/^00/, "");
}

export async function listOptOuts(actor: CurrentUser, query: OptOutQuery = {}): Promise<{ items: OptOutListItem[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? OPT_OUT_PAGE, 1), 200);
  const where: Array<SQL | undefined> = [];
  // Staff: the opt-outs of people they have a case of — not every opt-out of a number now linked
  // to their survey (a link moved between surveys would show another survey's people).
  // Written with an alias: drizzle leaves a one-table query's columns unqualified, and inside
  // the subquery "our_number" would then be the case's own.
  const seen = visibleSurveys(actor, sql`c.survey_id`);
  if (seen) {
    where.push(sql`exists (select 1 from cases c where c.our_number = "opt_outs"."our_number" and c.their_number = "opt_outs"."their_number" and ${seen})`);
  }
  const prefix = numberPrefix(query.number);
  // Text without a digit names no number: nothing matches (rather than everything).
  if (query.number?.trim() && !prefix) return { items: [], nextCursor: null };
  if (prefix) where.push(like(optOuts.theirNumber, `${prefix}%`));
  if (query.ourNumber?.trim()) {
    const ours = normalisePhoneNumber(query.ourNumber);
    if (!ours.ok) throw new AppError("bad_request", `Invalid query: ourNumber: ${ours.error}`);
    where.push(eq(optOuts.ourNumber, ours.number));
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(sql`(${optOuts.since}, ${optOuts.ourNumber}, ${optOuts.theirNumber}) < (${c.since}::timestamptz, ${c.ourNumber}, ${c.theirNumber})`);
  }
  const rows = await getDb()
    .select({
      ourNumber: optOuts.ourNumber,
      theirNumber: optOuts.theirNumber,
      keyword: optOuts.keyword,
      since: optOuts.since,
      // As text, so the cursor keeps PostgreSQL's microseconds and pages never skip a row.
      sinceText: sql<string>`${optOuts.since}::text`,
    })
    .from(optOuts)
    .where(and(...where))
    .orderBy(desc(optOuts.since), desc(optOuts.ourNumber), desc(optOuts.theirNumber))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ ourNumber: r.ourNumber, theirNumber: r.theirNumber, keyword: r.keyword, since: r.since.toISOString() })),
    nextCursor: rows.length > limit && last ? encodeCursor({ since: last.sinceText, ourNumber: last.ourNumber, theirNumber: last.theirNumber }) : null,
  };
}
