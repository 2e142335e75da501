import type { Metadata } from "next";
import { PersonData } from "@/components/admin/person-data";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  await guardPage(() => requireRole(ADMIN_ROLES), "/admin/people");
  return (
    <>
      <PageHeader
        title="Erase or export a person"
        description="Everything Caseline holds of one phone number, in every survey: its messages and their media, the cases holding only its messages, the webhooks about it. Export it as one JSON file, or erase it for good."
      />
      <PersonData />
    </>
  );
}
