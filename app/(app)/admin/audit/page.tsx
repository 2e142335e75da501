import type { Metadata } from "next";
import { AuditLog, type AuditFilterValues } from "@/components/admin/audit-log";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listAllSurveys } from "@/lib/surveys/queries";
import { listUsersWithAccess } from "@/lib/users/admin";

export const metadata: Metadata = { title: "Audit" };

type Search = Record<string, string | string[] | undefined>;

/** The filter form is a plain GET form, so a filtered view is a link (the case view can point here). */
function filterValues(search: Search): AuditFilterValues {
  const one = (key: string) => {
    const value = search[key];
    return (Array.isArray(value) ? value[0] : value)?.slice(0, 40) ?? "";
  };
  return { userId: one("userId"), surveyId: one("surveyId"), caseId: one("caseId"), fromDay: one("from"), toDay: one("to") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/audit");
  const [users, surveys, search] = await Promise.all([listUsersWithAccess(actor), listAllSurveys(actor), searchParams]);
  return (
    <>
      <PageHeader
        title="Audit"
        description="Who did what and when: every change to a case and every admin action, with what it was before and after. Secrets are never shown."
      />
      <AuditLog
        users={users.map((u) => ({ id: u.id, label: u.name ? `${u.name} (${u.email})` : u.email }))}
        surveys={surveys.map((s) => ({ id: s.id, label: s.archived ? `${s.name} (archived)` : s.name }))}
        initial={filterValues(search)}
      />
    </>
  );
}
