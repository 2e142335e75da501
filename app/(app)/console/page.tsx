import type { Metadata } from "next";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { Suspense } from "react";
import type { InboxSurvey } from "@/components/console/case-inbox";
import { caseKeys } from "@/components/console/query-options";
import { TryDemo } from "@/components/console/try-demo";
import { Workspace } from "@/components/console/workspace";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { seesAllSurveys } from "@/lib/auth/access";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { markCaseRead } from "@/lib/cases/case-reads";
import { getCaseDetail, type CaseListView, type CaseState } from "@/lib/cases/read-queries";
import { demoAvailable } from "@/lib/demo/start-demo";
import { AppError } from "@/lib/http/app-error";
import { getSurveyForm, listVisibleSurveys, type SurveyForm } from "@/lib/surveys/queries";
import { caseIdFrom } from "@/lib/cases/references";

export const metadata: Metadata = { title: "Console" };

type Search = { survey?: string; state?: string; view?: string; q?: string; case?: string; overdue?: string };

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

  const forms: Record<number, SurveyForm> = {};
  const inboxSurveys: InboxSurvey[] = await Promise.all(
    surveys.map(async (s) => {
      const form = await getSurveyForm(user, s.id);
      forms[s.id] = form;
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

  // A shared or reloaded address opens its case in the split view straight away: read here
  // (and marked read, as its page does) and handed to the browser's query cache.
  const queryClient = new QueryClient();
  const caseId = caseIdFrom(params.case);
  if (caseId !== null) {
    try {
      const detail = await getCaseDetail(user, caseId);
      forms[detail.surveyId] ??= await getSurveyForm(user, detail.surveyId);
      await markCaseRead(user, caseId);
      queryClient.setQueryData(caseKeys.detail(caseId), detail);
    } catch (error) {
      // Not found (or not this user's to see): the pane says so; the list still shows.
      if (!(error instanceof AppError && error.code === "not_found")) throw error;
    }
  }

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* useSearchParams (the open case) needs a Suspense boundary above it. */}
      <Suspense>
        <Workspace
          surveys={inboxSurveys}
          forms={forms}
          surveyId={surveyId}
          state={state}
          view={view}
          search={params.q ?? ""}
          overdue={params.overdue === "1"}
          currentUserId={user.id}
        />
      </Suspense>
    </HydrationBoundary>
  );
}
