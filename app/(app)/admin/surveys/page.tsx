import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listAllSurveys } from "@/lib/surveys/queries";

export const metadata: Metadata = { title: "Surveys" };

export default async function SurveysPage() {
  await guardPage(() => requireRole(["owner", "admin"]), "/admin/surveys");
  const surveys = await listAllSurveys();
  return (
    <>
      <PageHeader title="Surveys" description="Each number feeds one survey; a status question turns its records into cases." />
      {surveys.length === 0 ? (
        <EmptyState title="No surveys yet">Surveys will be listed here once they are created.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {surveys.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-3 px-4 py-3">
              <span className="font-medium text-slate-900">{s.name}</span>
              {s.casesEnabled ? <Badge tone="green">Cases on</Badge> : <Badge>No status question</Badge>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
