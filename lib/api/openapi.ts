// The OpenAPI 3.1 document of /api/v1, generated from the endpoints' own zod schemas
// (@asteasolutions/zod-to-openapi): what the API parses is what the document says.
import "server-only";
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { Endpoint } from "./endpoint";
import { allEndpoints } from "./endpoints";
import { webhookEventDocs } from "./endpoints/webhooks";
import { errorSchema } from "./schemas/common";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "The request is not valid; the message names the field.",
  401: "No token, or an unknown, expired or revoked one, or its user is deactivated.",
  403: "The token's user's role may not do this.",
  404: "Not found — or not visible to the token's user (the same answer, so references cannot be probed).",
  409: "A conflict with the current state; the message says which.",
  413: "The body is over 1 MB.",
  416: "The byte range asked for lies outside the file (`Content-Range: bytes */<size>` says its size).",
  429: "Over the token's rate limit; `Retry-After` says when to try again.",
};

function errorResponse(status: number, description?: string) {
  return {
    description: description ?? ERROR_DESCRIPTIONS[status] ?? "Error.",
    content: { "application/json": { schema: errorSchema } },
    ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } } } : {}),
  };
}

function routeConfig({ definition: d }: Endpoint): RouteConfig {
  const errors = [400, 401, 429, ...(d.errors ?? []), ...(d.roles ? [403] : []), ...(d.body || d.rawBody ? [413] : [])];
  const content = d.response.schema
    ? { "application/json": { schema: d.response.schema } }
    : d.response.contentType
      ? { [d.response.contentType]: { schema: { type: "string" as const } } }
      : undefined;
  return {
    method: d.method,
    path: d.path,
    tags: [d.tag],
    summary: d.summary,
    description: d.description,
    security: d.session ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{ bearerAuth: [] }],
    request: {
      params: d.params,
      query: d.query,
      body: d.rawBody
        ? { required: true, description: d.rawBody.description, content: { [d.rawBody.contentType]: { schema: { type: "string", format: "binary" } } } }
        : d.body
        ? {
            required: true,
            content: {
              "application/json": {
                schema: d.body,
                examples: d.bodyExamples
                  ? Object.fromEntries(Object.entries(d.bodyExamples).map(([name, value]) => [name, { value }]))
                  : undefined,
              },
            },
          }
        : undefined,
    },
    responses: {
      [d.response.status]: { description: d.response.description, ...(content ? { content } : {}) },
      ...Object.fromEntries([...new Set(errors)].sort().map((status) => [status, errorResponse(status, d.errorDescriptions?.[status as keyof typeof d.errorDescriptions] ?? (status === 413 ? d.rawBody?.tooLarge : undefined))])),
    },
  };
}

export function openApiDocument(endpoints: Endpoint[] = allEndpoints) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token (profile > API tokens, or `npm run api-token`). It acts as its user.",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The console's sign-in session (`__Secure-authjs.session-token` over https): only where an operation lists it, and only without an Authorization header.",
  });
  for (const e of endpoints) registry.registerPath(routeConfig(e));
  // What Caseline posts to webhook endpoints (OpenAPI 3.1's top-level `webhooks`).
  for (const w of webhookEventDocs) registry.registerWebhook(w);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Caseline API",
      version: "1",
      description:
        "Cases, replies and surveys of a Caseline server. Every call acts as the token's user, with their role and survey access. Errors are `{ \"error\": { \"code\", \"message\" } }`.",
    },
    servers: [{ url: "/api/v1" }],
  });
}
