import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CaseEditForm } from "@/components/console/case-edit-form";
import { SendNotification } from "@/components/console/send-notification";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCaseDetail } from "@/lib/cases/read-queries";
import { getSurveyForm } from "@/lib/surveys/queries";
import { caseIdFrom } from "@/lib/cases/references";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Edit case #${(await params).id}` };
}

export default async function EditCasePage({ params }: Params) {
  const { id } = await params;
  const caseId = caseIdFrom(id);
  if (caseId === null) notFound();
  const user = await guardPage(requireUser, `/console/cases/${id}/edit`);
  const detail = await guardPage(() => getCaseDetail(user, caseId));
  const form = await guardPage(() => getSurveyForm(user, detail.surveyId));
  return (
    <CaseEditForm
      detail={detail}
      form={form}
      notificationSlot={
        <SendNotification
          id={detail.id}
          theirNumber={detail.theirNumber}
          ourNumber={detail.ourNumber}
          channel={detail.channel}
          whatsappWindow={detail.whatsappWindow}
          optedOut={detail.optedOut}
        />
      }
    />
  );
}
