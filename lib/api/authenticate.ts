// Who is calling the API (system: it decides that): the bearer token → its user, checked and
// counted against the rate limit in ONE statement, so authentication costs a single round
// trip. The count lives in PostgreSQL (api_rate_windows), so the limit holds across app
// instances. Fixed one-minute windows: simple to reason about and to tell callers about
// (Retry-After = seconds to the next window).
import "server-only";
import { sql } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/access";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { bearerToken, hashToken, isTokenShaped } from "./token-format";

type TokenRow = {
  tokenId: number;
  revoked: boolean;
  expired: boolean;
  active: boolean;
  id: number;
  email: string;
  name: string;
  role: UserRole;
  count: number | null;
  resetIn: number | null;
};

const UNAUTHENTICATED = 'Send a valid API token: "Authorization: Bearer <token>".';

export async function authenticateApiRequest(request: Request): Promise<CurrentUser> {
  const token = bearerToken(request.headers.get("authorization"));
  if (!token) throw new AppError("unauthenticated", UNAUTHENTICATED);
  if (!isTokenShaped(token)) throw new AppError("unauthenticated", "This is not a Caseline API token.");

  // The rate window and last-used time are written only for a usable token; last_used_at at
  // most once a minute, so a busy token does not rewrite its row on every request.
  const rows = await getDb().execute<TokenRow>(sql`
    with t as (
      select t.id as token_id, t.revoked_at is not null as revoked,
             (t.expires_at is not null and t.expires_at <= now()) as expired,
             u.active, u.id, u.email, u.name, u.role
      from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = ${hashToken(token)}
    ), usable as (
      select token_id from t where not revoked and not expired and active
    ), rate as (
      insert into api_rate_windows (token_id, window_start, count)
      select token_id, date_trunc('minute', now()), 1 from usable
      on conflict (token_id, window_start) do update set count = api_rate_windows.count + 1
      returning count, window_start
    ), expired_windows as (
      delete from api_rate_windows
      where token_id = (select token_id from usable) and window_start < date_trunc('minute', now())
    ), touched as (
      update api_tokens set last_used_at = now()
      where id = (select token_id from usable) and (last_used_at is null or last_used_at < now() - interval '1 minute')
    )
    select t.token_id as "tokenId", t.revoked, t.expired, t.active, t.id, t.email, t.name, t.role,
           rate.count, ceil(extract(epoch from rate.window_start + interval '1 minute' - now()))::int as "resetIn"
    from t left join rate on true`);
  const row = rows[0];
  if (!row) throw new AppError("unauthenticated", "This API token is not known.");
  if (row.revoked) throw new AppError("unauthenticated", "This API token has been revoked.");
  if (row.expired) throw new AppError("unauthenticated", "This API token has expired.");
  if (!row.active) throw new AppError("unauthenticated", "The user of this API token is deactivated.");

  const limit = env().API_RATE_LIMIT_PER_MINUTE;
  if ((row.count ?? 0) > limit) {
    const retryAfter = Math.max(1, row.resetIn ?? 60);
    throw new AppError("too_many_requests", `Too many requests: this token may make ${limit} a minute. Try again in ${retryAfter} s.`, {
      "Retry-After": String(retryAfter),
    });
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, tokenId: row.tokenId };
}
