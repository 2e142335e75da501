// The CSV export's limits: how many run at once (lib/exports/export-limiter.ts), the
// same-origin rule of cookie-authenticated endpoints (lib/api/endpoint.ts) and the document's
// words for both.
import { describe, expect, it } from "vitest";
import { sameOriginProblem } from "@/lib/api/endpoint";
import { openApiDocument } from "@/lib/api/openapi";
import { createExportLimiter } from "@/lib/exports/export-limiter";
import { AppError } from "@/lib/http/app-error";

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("the export limiter", () => {
  it("runs at most 2 exports at once and 1 per user, refusing more with 429 and Retry-After", () => {
    const limiter = createExportLimiter(2, 1, 10);
    const first = limiter.acquire(1);
    const own = refusal(() => limiter.acquire(1));
    expect(own).toMatchObject({ code: "too_many_requests", status: 429, headers: { "Retry-After": "10" } });
    expect(own.message).toMatch(/already have an export running/);
    const second = limiter.acquire(2);
    const full = refusal(() => limiter.acquire(3));
    expect(full).toMatchObject({ status: 429, headers: { "Retry-After": "10" } });
    expect(full.message).toMatch(/2 exports are already running/);
    expect(limiter.running()).toBe(2);
    first();
    first(); // a second release of the same slot gives nothing back twice
    expect(limiter.running()).toBe(1);
    expect(() => limiter.acquire(2)).toThrow(AppError);
    const third = limiter.acquire(3);
    expect(() => limiter.acquire(1)).toThrow(/already running/);
    second();
    third();
    expect(limiter.running()).toBe(0);
    limiter.acquire(1)();
  });
});

describe("sameOriginProblem", () => {
  const at = (headers: Record<string, string>, url = "http://caseline.test/api/v1/exports/cases.csv") => sameOriginProblem(new Request(url, { headers }));

  it("lets the app's own pages through: a same-origin link (Chromium's Sec-Fetch-Site), a typed address, no headers", () => {
    expect(at({ "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate" })).toBeNull();
    expect(at({ "sec-fetch-site": "none" })).toBeNull();
    expect(at({})).toBeNull();
    expect(at({ origin: "http://caseline.test" })).toBeNull();
    // Behind a proxy: the forwarded host is the app's own.
    expect(at({ origin: "https://cases.example.org", "x-forwarded-host": "cases.example.org", "x-forwarded-proto": "https" }, "http://localhost:3000/x")).toBeNull();
  });

  it("refuses what another site started", () => {
    for (const site of ["cross-site", "same-site"]) expect(at({ "sec-fetch-site": site }), site).toMatch(/another site/);
    expect(at({ origin: "https://evil.example" })).toMatch(/another site/);
    expect(at({ origin: "null" })).toMatch(/another site/);
    expect(at({ "sec-fetch-site": "same-origin", origin: "https://evil.example" })).toMatch(/another site/);
  });
});

describe("the exports' document", () => {
  it("documents the 429 of too many exports and the 403 of another site", () => {
    const paths = openApiDocument().paths as Record<string, { get: { responses: Record<string, { description: string; headers?: object }> } }>;
    for (const kind of ["cases", "messages"]) {
      const responses = paths[`/exports/${kind}.csv`]!.get.responses;
      expect(responses["429"]!.description).toMatch(/too many exports running/);
      expect(responses["429"]!.headers).toHaveProperty("Retry-After");
      expect(responses["403"]!.description).toMatch(/another site/);
    }
  });
});
