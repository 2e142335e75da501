// The OpenAPI document is generated from the endpoints' schemas; this checks it covers every
// route file under app/api/v1 (and nothing that is not served), and that its examples are
// accepted by the schemas the API parses with.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allEndpoints } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";

const ROOT = path.join(process.cwd(), "app/api/v1");
/** Routes that are not endpoints: the document itself and the JSON 404 for unknown paths. */
const NOT_ENDPOINTS = new Set(["/openapi.json", "/[...path]"]);

function routeFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function served(): Array<{ path: string; method: string }> {
  return routeFiles().flatMap((file) => {
    const route = `/${path.relative(ROOT, path.dirname(file)).split(path.sep).join("/")}`;
    if (NOT_ENDPOINTS.has(route)) return [];
    const openApiPath = route.replace(/\[([A-Za-z]+)\]/g, "{$1}");
    const source = fs.readFileSync(file, "utf8");
    return [...source.matchAll(/export const (GET|POST|PATCH|PUT|DELETE) = routeOf\(/g)].map((m) => ({ path: openApiPath, method: m[1]!.toLowerCase() }));
  });
}

type Operation = {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
};

describe("the OpenAPI document", () => {
  const document = openApiDocument();
  const documented = Object.entries(document.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item as object)
      .filter((k) => ["get", "post", "patch", "put", "delete"].includes(k))
      .map((method) => ({ path: p, method })),
  );

  it("is OpenAPI 3.1 with a bearer scheme", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes every route under app/api/v1, and only those", () => {
    const key = (r: { path: string; method: string }) => `${r.method.toUpperCase()} ${r.path}`;
    expect(served().length).toBeGreaterThan(5);
    expect(documented.map(key).sort()).toEqual(served().map(key).sort());
  });

  it("documents errors in one shape and every request parameter", () => {
    for (const { path: p, method } of documented) {
      const operation = (document.paths as Record<string, Record<string, Operation>>)[p]![method]!;
      expect(operation.responses["401"], `${method} ${p}`).toBeDefined();
      expect(operation.responses["400"]!.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/Error" });
      for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        expect(operation.parameters?.some((param) => param.in === "path" && param.name === name), `${method} ${p} {${name}}`).toBe(true);
      }
    }
  });

  it("gives examples that the API accepts", () => {
    let checked = 0;
    for (const { definition } of allEndpoints) {
      const operation = (document.paths as Record<string, Record<string, Operation>>)[definition.path]![definition.method]!;
      const examples = operation.requestBody?.content?.["application/json"]?.examples ?? {};
      for (const [name, example] of Object.entries(examples)) {
        const parsed = definition.body!.safeParse(example.value);
        expect(parsed.success, `${definition.method} ${definition.path} example ${name}: ${parsed.error?.message}`).toBe(true);
        checked++;
      }
      if (definition.body) expect(Object.keys(examples).length, `${definition.method} ${definition.path} has an example`).toBeGreaterThan(0);
    }
    expect(checked).toBeGreaterThan(3);
  });
});
