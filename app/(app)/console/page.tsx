import type { Metadata } from "next";
import { CaseInbox, type InboxSurvey } from "@/components/console/case-inbox";
import { TryDemo } from "@/components/console/try-demo";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { seesAllSurveys } from "@/lib/auth/access";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { demoAvailable } from "@/lib/demo/start-demo";
import type { CaseListView, CaseState } from "@/lib/cases/read-queries";
import { getSurveyForm, listVisibleSurveys } from "@/lib/surveys/queries";

export const metadata: Metadata = { title: "Console" };

type Search = { survey?: string; state?: string; view?: string; q?: string };

export default async function ConsolePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await guardPage(requireUser, "/console");
  const params = await searchParams;
  const surveys = await listVisibleSurveys(user);

  if (surveys.length === 0) {
    return (
      <>
        <PageHeader title="Console" description="Cases from SMS and WhatsApp conversations, by survey." />
        <EmptyState title="No surveys yet" action={(await demoAvailable(user)) ? <TryDemo /> : undefined}>
          {seesAllSurveys(user)
            ? "Create a survey in Admin and link a number to it in Users > Conversations; its cases will appear here."
            : "You have not been given access to any survey yet. Ask an administrator to give you access."}
        </EmptyState>
      </>
    );
  }

  const inboxSurveys: InboxSurvey[] = await Promise.all(
    surveys.map(async (s) => {
      const form = await getSurveyForm(user, s.id);
      const status = form.questions.find((q) => q.name === form.statusQuestionName);
      return {
        id: s.id,
        name: s.name,
        casesEnabled: s.casesEnabled,
        statusLabels: Object.fromEntries((status?.choices ?? []).map((c) => [c.value, c.label])),
      };
    }),
  );
  const requested = Number(params.survey);
  const surveyId = inboxSurveys.some((s) => s.id === requested) ? requested : inboxSurveys[0]!.id;
  // Surveys without cases have records, never open ones: show them all by default.
  const casesOn = inboxSurveys.find((s) => s.id === surveyId)!.casesEnabled;
  const view: CaseListView = params.view === "mine" || params.view === "unassigned" ? params.view : "all";
  const state: CaseState = params.state === "closed" || params.state === "all" || params.state === "open" ? params.state : casesOn ? "open" : "all";

  return (
    <>
      <PageHeader title="Console" description="Cases from SMS and WhatsApp conversations, newest activity first." />
      <CaseInbox key={`${surveyId}`} surveys={inboxSurveys} surveyId={surveyId} state={state} view={view} search={params.q ?? ""} />
    </>
  );
}
