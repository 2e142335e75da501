// Calls /api/v1 through the real route modules under app/api/v1 (found from the path, as
// Next.js's router would), with a bearer token — and checks each success against the
// endpoint's documented response schema, so the OpenAPI document cannot lie.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { issueToken } from "@/lib/api/tokens";
import { allEndpoints } from "@/lib/api/endpoints";
import type { CurrentUser } from "@/lib/auth/access";

const ROOT = path.join(process.cwd(), "app/api/v1");

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>>;

/** The route file serving `pathname` (below /api/v1) and its dynamic segments. */
function findRoute(pathname: string): { file: string; params: Record<string, string>; template: string } {
  const parts = pathname.split("/").filter(Boolean);
  const walk = (dir: string, rest: string[], params: Record<string, string>, template: string[]): ReturnType<typeof findRoute> | null => {
    if (rest.length === 0) {
      const file = path.join(dir, "route.ts");
      return fs.existsSync(file) ? { file, params, template: `/${template.join("/")}` } : null;
    }
    const [head, ...tail] = rest as [string, ...string[]];
    const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
    const exact = entries.find((e) => e.name === head);
    if (exact) {
      const found = walk(path.join(dir, exact.name), tail, params, [...template, head]);
      if (found) return found;
    }
    for (const e of entries) {
      const dynamic = /^\[([A-Za-z]+)\]$/.exec(e.name);
      if (dynamic) {
        const found = walk(path.join(dir, e.name), tail, { ...params, [dynamic[1]!]: decodeURIComponent(head) }, [...template, `{${dynamic[1]}}`]);
        if (found) return found;
      }
    }
    const catchAll = entries.find((e) => /^\[\.\.\.[A-Za-z]+\]$/.test(e.name));
    if (catchAll) return { file: path.join(dir, catchAll.name, "route.ts"), params: {}, template: "*" };
    return null;
  };
  const found = walk(ROOT, parts, {}, []);
  if (!found) throw new Error(`no route file for ${pathname}`);
  return found;
}

export type ApiAnswer<T = unknown> = { status: number; body: T; headers: Headers };

// Test bodies are read loosely (answer.body.error.message); the schema check above is the strict part.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(
  token: string | null,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  target: string,
  body?: unknown,
  { rawBody, headers = {} }: { rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const url = new URL(`http://localhost/api/v1${target}`);
  const route = findRoute(url.pathname.replace(/^\/api\/v1/, ""));
  const routeModule = (await import(/* @vite-ignore */ route.file)) as RouteModule;
  const handler = routeModule[method];
  if (!handler) throw new Error(`${route.file} has no ${method}`);
  const init: RequestInit = { method, headers: { ...headers } };
  if (token !== null) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (rawBody !== undefined || body !== undefined) {
    init.body = rawBody ?? JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(url, init), { params: Promise.resolve(route.params) });
  const type = response.headers.get("content-type") ?? "";
  const parsed = type.includes("json") ? await response.json() : await response.text();
  const definition = allEndpoints.find((e) => e.definition.path === route.template && e.definition.method === method.toLowerCase())?.definition;
  if (response.ok && definition?.response.schema) {
    const check = definition.response.schema.safeParse(parsed);
    expect(check.success, `${method} ${target} answered outside its documented schema: ${check.error?.message}`).toBe(true);
  }
  if (!response.ok && type.includes("json")) {
    expect(parsed, `${method} ${target}: errors are { error: { code, message } }`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** A new token for a user (as the set-up script makes one). */
export async function tokenFor(user: Pick<CurrentUser, "id">, name = "test"): Promise<string> {
  return (await issueToken(null, user.id, { name })).token;
}
