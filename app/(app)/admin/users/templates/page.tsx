import type { Metadata } from "next";
import { TemplatesSection } from "@/components/admin/template-forms";
import { UsersTabs } from "@/components/admin/users-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listLinks } from "@/lib/numbers/links";
import { listTemplates } from "@/lib/templates/templates";

export const metadata: Metadata = { title: "Templates" };

/**
 * SPEC §10: the WhatsApp templates, kept once for the server beside the numbers they are sent
 * from (Users > Conversations): WhatsApp approves templates for a Business account's numbers,
 * not per survey.
 */
export default async function TemplatesPage() {
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/users/templates");
  const [templates, links] = await Promise.all([listTemplates(actor), listLinks(actor)]);
  const numbers = links
    .filter((l) => l.channel === "whatsapp")
    .map((l) => ({ ourNumber: l.ourNumber, surveyName: l.surveyName, description: l.description }));
  return (
    <>
      <PageHeader title="Users" description="The WhatsApp templates your numbers may send, as approved in your WhatsApp Business account." />
      <UsersTabs current="templates" />
      <TemplatesSection templates={templates} numbers={numbers} />
    </>
  );
}
