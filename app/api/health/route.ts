import { NextResponse } from "next/server";
import { getSql } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** For load balancers and the e2e runner: 200 when the database answers, 503 otherwise. */
export async function GET() {
  const started = Date.now();
  try {
    const sql = getSql();
    await Promise.race([
      sql`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("database did not answer within 3 s")), 3000)),
    ]);
    return NextResponse.json({ status: "ok", database: "up", latencyMs: Date.now() - started });
  } catch (error) {
    console.error("health check failed:", error instanceof Error ? error.message : error);
    return NextResponse.json({ status: "error", database: "down" }, { status: 503 });
  }
}
