import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { closeDb } from "@/lib/db/client";

describe("GET /api/health", () => {
  it("answers 200 when the database answers", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "up" });
  });

  it("answers 503 when the database is down", async () => {
    const real = process.env.DATABASE_URL;
    await closeDb();
    process.env.DATABASE_URL = "postgres://nobody:nothing@127.0.0.1:1/none";
    try {
      const response = await GET();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "error", database: "down" });
    } finally {
      await closeDb();
      process.env.DATABASE_URL = real;
    }
  });
});
