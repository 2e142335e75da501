import "server-only";
import { AppError } from "@/lib/http/app-error";
import { getProvider } from "@/lib/settings/server-settings";

/** Every simulator route answers 404 unless Settings > Server has the provider at Simulator. */
export async function assertSimulatorEnabled(): Promise<void> {
  if ((await getProvider()) !== "simulator") throw new AppError("not_found", "Not found.");
}
