import type { Metadata } from "next";
import Link from "next/link";
import { CreateSurveyForm } from "@/components/admin/survey-forms";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listAllSurveys } from "@/lib/surveys/queries";

export const metadata: Metadata = { title: "Surveys" };

export default async function SurveysPage() {
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/surveys");
  const surveys = await listAllSurveys(actor);
  return (
    <>
      <PageHeader title="Surveys" description="Each number feeds one survey; a status question turns its records into cases." />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {surveys.length === 0 ? (
            <EmptyState title="No surveys yet">Create one, then add a status question in its online editor.</EmptyState>
          ) : (
            <ul aria-label="Surveys" className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              {surveys.map((s) => (
                <li key={s.id}>
                  <Link href={`/admin/surveys/${s.id}`} className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50">
                    <span className="font-medium text-slate-900">{s.name}</span>
                    <span className="flex gap-2">
                      {s.archived ? <Badge tone="amber">Archived</Badge> : null}
                      {s.casesEnabled ? <Badge tone="green">Cases on</Badge> : <Badge>No status question</Badge>}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        <section aria-label="New survey" className="h-fit rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">New survey</h2>
          <CreateSurveyForm />
        </section>
      </div>
    </>
  );
}
