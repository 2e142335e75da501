// The one way to write an /api/v1 endpoint (SPEC §15). An endpoint is its zod schemas plus a
// handler that calls the same lib function the UI calls, with the token's user as the actor,
// so access is checked in one place. The same definition serves the request (parsing, errors)
// and the OpenAPI document (lib/api/openapi.ts), so the two cannot drift apart.
//
//   export const getCase = endpoint({ method: "get", path: "/cases/{id}", params: …, response: … },
//     ({ actor, params }) => getCaseDetail(actor, params.id));
//   // app/api/v1/cases/[id]/route.ts
//   export const GET = routeOf(getCase);
import "server-only";
import { NextResponse } from "next/server";
import { z, type ZodType } from "zod";
import type { CurrentUser } from "@/lib/auth/access";
import { hasRole } from "@/lib/auth/access";
import type { UserRole } from "@/lib/db/schema";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { authenticateApiRequest } from "./authenticate";
import { readJsonBody } from "./json-body";
import { badRequestFrom } from "./zod-errors";

export type HttpMethod = "get" | "post" | "patch" | "delete";

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type EndpointDefinition<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends ZodType | undefined, R extends ZodType | undefined> = {
  method: HttpMethod;
  /** OpenAPI path under /api/v1, with {name} parameters: "/cases/{id}". */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * Also answers the console's own requests, signed in by the session cookie, when no
   * Authorization header is sent (the file route: the thread's <img> and players cannot send
   * a token). Read-only endpoints only: a cookie rides along on requests from other sites.
   * "same-origin": the cookie is taken only from the app's own pages (sameOriginProblem), for
   * a GET with an effect another site must not trigger (an audited export); tokens unchanged.
   */
  session?: boolean | "same-origin";
  /** Roles allowed; others get 403. Omitted: every user with a valid token. */
  roles?: readonly UserRole[];
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A body that is not JSON (a file upload): documented with this content type and left
   * unread for the handler to stream from `request`.
   */
  rawBody?: { contentType: string; description: string; tooLarge: string };
  /** Example request bodies, shown in the document; a test checks each is accepted. */
  bodyExamples?: Record<string, z.input<NonNullable<B>>>;
  /** The success answer: JSON validated by `schema`, or another content type (CSV, JSON download). */
  response: { status: number; description: string; schema?: R; contentType?: string };
  /** Error statuses worth documenting besides 400/401/429 (every endpoint may answer those). */
  errors?: Array<403 | 404 | 409 | 413 | 416>;
  /** The document's words for an error status where this endpoint's reasons differ from the usual ones. */
  errorDescriptions?: Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 416 | 429, string>>;
};

export type EndpointContext<P, Q, B> = { actor: CurrentUser; params: P; query: Q; body: B; request: Request };

type Out<T> = T extends ZodType ? z.output<T> : undefined;
type Result<R> = R extends ZodType ? z.input<R> : Response;

export type Endpoint = {
  definition: EndpointDefinition<AnyObject | undefined, AnyObject | undefined, ZodType | undefined, ZodType | undefined>;
  handle: (request: Request, rawParams: Record<string, string>) => Promise<Response>;
};

export function endpoint<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends ZodType | undefined = undefined, R extends ZodType | undefined = undefined>(
  definition: EndpointDefinition<P, Q, B, R>,
  run: (context: EndpointContext<Out<P>, Out<Q>, Out<B>>) => Promise<Result<R> | Response>,
): Endpoint {
  const handle = async (request: Request, rawParams: Record<string, string>): Promise<Response> => {
    try {
      const bySession = Boolean(definition.session) && definition.method === "get" && !request.headers.has("authorization");
      if (bySession && definition.session === "same-origin") {
        const problem = sameOriginProblem(request);
        if (problem) throw new AppError("forbidden", problem);
      }
      const actor = bySession
        ? // Loaded only here: the session stack (Auth.js) is not needed by token-only endpoints.
          await (await import("@/lib/auth/guards")).requireUser()
        : await authenticateApiRequest(request);
      if (definition.roles && !hasRole(actor, definition.roles)) {
        throw new AppError("forbidden", "Your role may not do this.");
      }
      // Path parameters that do not parse name nothing that exists: 404, like a missing case.
      const params = definition.params ? definition.params.safeParse(rawParams) : null;
      if (params && !params.success) throw new AppError("not_found", "Not found.");
      const query = definition.query ? parseOr400(definition.query, Object.fromEntries(new URL(request.url).searchParams), "query") : undefined;
      const body = definition.body ? parseOr400(definition.body, await readJsonBody(request), "body") : undefined;
      const result = await run({ actor, params: params?.data as Out<P>, query: query as Out<Q>, body: body as Out<B>, request });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? null, { status: definition.response.status });
    } catch (error) {
      return errorResponse(error);
    }
  };
  return { definition, handle } as Endpoint;
}

/**
 * Why a cookie-authenticated request may not be from the app's own pages, or null. A browser
 * says where a request comes from: `Sec-Fetch-Site` (same-origin for the app's own links;
 * none when typed or bookmarked) and, on cross-origin requests, `Origin`. Either pointing
 * elsewhere means another site started it (a link, a form, a redirect) riding on the cookie.
 * The app's own origin is the request's (its Host, as the proxy forwarded it) or PUBLIC_URL's.
 */
export function sameOriginProblem(request: Request): string | null {
  const REFUSED = "Refused: this request came from another site. Open the link from Caseline itself, or send an API token.";
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return REFUSED;
  const origin = request.headers.get("origin");
  if (origin !== null && !ownOrigins(request).has(origin)) return REFUSED;
  return null;
}

function ownOrigins(request: Request): Set<string> {
  const own = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    try {
      own.add(new URL(value).origin);
    } catch {
      // not a URL: names no origin
    }
  };
  const url = new URL(request.url);
  add(url.origin);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  if (host) add(`${proto}://${host}`);
  add(env().PUBLIC_URL);
  return own;
}

function parseOr400(schema: ZodType, value: unknown, where: "query" | "body"): unknown {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequestFrom(parsed.error, where);
  return parsed.data;
}

/** The Next.js route handler of an endpoint. */
export function routeOf(endpoint: Endpoint) {
  return async (request: Request, context: { params: Promise<Record<string, string>> }) =>
    endpoint.handle(request, (await context.params) ?? {});
}
