import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import type { ServerSettingsView } from "./server-settings";

/** What the guide's setup still lacks, for Settings > Server. */
export async function setupChecklist(view: ServerSettingsView): Promise<Array<{ label: string; done: boolean }>> {
  const [counts] = (await getDb().execute(sql`
    select (select count(*) from number_links)::int as links,
           (select count(*) from surveys where status_question_id is not null and closing_value is not null and archived_at is null)::int as surveys
  `)) as unknown as [{ links: number; surveys: number }];
  return [
    { label: "Vonage Application ID", done: view.applicationId.source !== "missing" },
    { label: "Vonage Webhook secret", done: view.webhookSecret.source !== "missing" },
    { label: "Vonage private key (for replies)", done: view.privateKey.source !== "missing" },
    { label: "Provider set to Vonage (until then replies go to the Phone simulator)", done: view.provider.value === "vonage" },
    { label: "A number linked to a survey (Users > Conversations)", done: counts.links > 0 },
    { label: "A survey with a status question (cases enabled)", done: counts.surveys > 0 },
  ];
}
