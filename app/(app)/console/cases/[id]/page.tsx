import type { Metadata } from "next";
import { QueryClient, HydrationBoundary, dehydrate } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { CasePage as CaseScreen } from "@/components/console/case-page";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCaseDetail } from "@/lib/cases/read-queries";
import { markCaseRead } from "@/lib/cases/case-reads";
import { caseKeys } from "@/components/console/query-options";
import { getSurveyForm } from "@/lib/surveys/queries";
import { caseIdFrom } from "@/lib/cases/references";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Case #${(await params).id}` };
}

export default async function CasePage({ params }: Params) {
  const { id } = await params;
  const caseId = caseIdFrom(id);
  if (caseId === null) notFound();
  const user = await guardPage(requireUser, `/console/cases/${id}`);
  const detail = await guardPage(() => getCaseDetail(user, caseId));
  const form = await guardPage(() => getSurveyForm(user, detail.surveyId));
  await markCaseRead(user, caseId);
  // Hydrated into the browser's query cache, replacing older data there (after an edit).
  const queryClient = new QueryClient();
  queryClient.setQueryData(caseKeys.detail(caseId), detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CaseScreen caseId={caseId} form={form} currentUserId={user.id} />
    </HydrationBoundary>
  );
}
