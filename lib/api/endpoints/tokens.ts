// /api/v1/tokens: the caller's own tokens; owners and admins also anyone's they may manage
// (`userId`). A new token is in the answer once and never again.
import "server-only";
import { z } from "zod";
import { issueToken, listTokens, MAX_TOKEN_NAME, revokeToken } from "@/lib/api/tokens";
import { endpoint } from "../endpoint";
import { dateTime, idParam } from "../schemas/common";

const tokenSchema = z
  .object({
    id: z.number().int(),
    userId: z.number().int(),
    name: z.string(),
    prefix: z.string().meta({ description: "The token's first characters, to recognise it." }),
    createdAt: dateTime,
    expiresAt: dateTime.nullable(),
    revokedAt: dateTime.nullable(),
    lastUsedAt: dateTime.nullable().meta({ description: "Updated at most once a minute." }),
    state: z.enum(["active", "expired", "revoked"]),
  })
  .meta({ id: "Token" });

const userIdQuery = idParam.optional().meta({ description: "Another user's tokens (owners and admins)." });

export const listTokensEndpoint = endpoint(
  {
    method: "get",
    path: "/tokens",
    tag: "Account",
    summary: "List API tokens",
    query: z.object({ userId: userIdQuery }),
    response: { status: 200, description: "The tokens, newest first.", schema: z.object({ items: z.array(tokenSchema) }) },
    errors: [403, 404],
  },
  async ({ actor, query }) => ({ items: await listTokens(actor, query.userId ?? actor.id) }),
);

export const createTokenEndpoint = endpoint(
  {
    method: "post",
    path: "/tokens",
    tag: "Account",
    summary: "Create an API token",
    description: "The answer holds the token itself, the only time it is shown. It acts as its user.",
    body: z
      .object({
        name: z.string().min(1).max(MAX_TOKEN_NAME),
        expiresAt: dateTime.optional().meta({ description: "No expiry when left out." }),
        userId: idParam.optional().meta({ description: "For another user (owners and admins)." }),
      })
      .strict(),
    bodyExamples: { crm: { name: "CRM sync", expiresAt: "2027-06-30T00:00:00Z" } },
    response: {
      status: 201,
      description: "The new token.",
      schema: z.object({ token: z.string().meta({ example: "cl_…" }), summary: tokenSchema }).meta({ id: "NewToken" }),
    },
    errors: [403, 404],
  },
  ({ actor, body }) => issueToken(actor, body.userId ?? actor.id, { name: body.name, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }),
);

export const revokeTokenEndpoint = endpoint(
  {
    method: "delete",
    path: "/tokens/{id}",
    tag: "Account",
    summary: "Revoke an API token",
    description: "It stops working at once. Revoking the token making the call is allowed.",
    params: z.object({ id: idParam }),
    response: { status: 200, description: "The revoked token.", schema: tokenSchema },
    errors: [404],
  },
  ({ actor, params }) => revokeToken(actor, params.id),
);
