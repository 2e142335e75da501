import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { seesAllSurveys } from "@/lib/auth/access";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { listVisibleSurveys } from "@/lib/surveys/queries";

export const metadata: Metadata = { title: "Console" };

export default async function ConsolePage() {
  const user = await guardPage(requireUser, "/console");
  const surveys = await listVisibleSurveys({ user });

  return (
    <>
      <PageHeader title="Console" description="Cases from SMS and WhatsApp conversations, by survey." />
      {surveys.length === 0 ? (
        <EmptyState title="No surveys yet">
          {seesAllSurveys(user)
            ? "Create a survey in Admin and link a number to it in Users > Conversations; its cases will appear here."
            : "You have not been given access to any survey yet. Ask an administrator to give you access."}
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {surveys.map((survey) => (
            <li key={survey.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <div className="flex items-start justify-between gap-3">
                <h2 className="font-medium text-slate-900">{survey.name}</h2>
                {survey.casesEnabled ? <Badge tone="green">Cases on</Badge> : <Badge>Records</Badge>}
              </div>
              <p className="mt-2 text-sm text-slate-600">No cases yet.</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
