// The simulator's media host: the sample files a virtual phone sends (lib/simulator/
// sample-files.ts), fetched by the download worker as Vonage's media URLs would be. No sign-in
// (the worker fetches them, as from Vonage), only these few files, and 404 with the provider
// at Vonage like every simulator route.
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { assertSimulatorEnabled } from "@/lib/simulator/enabled";
import { isSampleFileName, SAMPLE_FILES } from "@/lib/simulator/sample-files";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  try {
    await assertSimulatorEnabled();
    const { name } = await params;
    if (!isSampleFileName(name)) throw new AppError("not_found", "Not found.");
    const bytes = await fs.readFile(path.join(process.cwd(), "lib", "simulator", "samples", name));
    return new Response(new Uint8Array(bytes), {
      headers: {
        "content-type": SAMPLE_FILES[name].contentType,
        "content-length": String(bytes.length),
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
