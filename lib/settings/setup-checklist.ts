import "server-only";
import { and, count, isNotNull, isNull } from "drizzle-orm";
import { assertRole, type CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { numberLinks, surveys } from "@/lib/db/schema";
import { env } from "@/lib/config/env";
import type { ServerSettingsView } from "./server-settings";

/** What the guide's setup still lacks, for Settings > Server (owners). */
export async function setupChecklist(actor: CurrentUser, view: ServerSettingsView): Promise<Array<{ label: string; done: boolean }>> {
  assertRole(actor, ["owner"]);
  const db = getDb();
  const [[links], [withCases]] = await Promise.all([
    db.select({ n: count() }).from(numberLinks),
    db
      .select({ n: count() })
      .from(surveys)
      .where(and(isNotNull(surveys.statusQuestionId), isNotNull(surveys.closingValue), isNull(surveys.archivedAt))),
  ]);
  const counts = { links: links?.n ?? 0, surveys: withCases?.n ?? 0 };
  return [
    { label: "Vonage Application ID", done: view.applicationId.source !== "missing" },
    { label: "Vonage Webhook secret", done: view.webhookSecret.source !== "missing" },
    { label: "Vonage private key (for replies)", done: view.privateKey.source !== "missing" },
    { label: "Provider set to Vonage (until then replies go to the Phone simulator)", done: view.provider.value === "vonage" },
    // SPEC §11: Vonage fetches the files staff send from the public address.
    { label: "PUBLIC_URL: this server's public https address (Vonage fetches files from it)", done: Boolean(env().PUBLIC_URL?.startsWith("https://")) },
    { label: "A number linked to a survey (Users > Conversations)", done: counts.links > 0 },
    { label: "A survey with a status question (cases enabled)", done: counts.surveys > 0 },
  ];
}
