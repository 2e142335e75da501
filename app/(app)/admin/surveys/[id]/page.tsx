import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CannedRepliesSection } from "@/components/admin/canned-replies";
import { ServiceLevelsForm } from "@/components/admin/service-levels-form";
import { CaseSettingsForm, QuestionForm, QuestionRow } from "@/components/admin/survey-editor";
import { ArchiveSurveyForm, RenameSurveyForm } from "@/components/admin/survey-forms";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listCannedReplies } from "@/lib/canned/canned-replies";
import { getSurveyAsAdmin, getSurveyForm } from "@/lib/surveys/queries";

export const metadata: Metadata = { title: "Survey editor" };

export default async function SurveyEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), `/admin/surveys/${id}`);
  const surveyId = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(surveyId)) notFound();
  const [survey, form, cannedReplies] = await guardPage(() =>
    Promise.all([getSurveyAsAdmin(actor, surveyId), getSurveyForm(actor, surveyId), listCannedReplies(actor, { surveyId })]),
  );
  const status = form.questions.find((q) => q.name === form.statusQuestionName) ?? null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/surveys" className="text-slate-500 hover:text-slate-700">
          ← Surveys
        </Link>
      </p>
      <PageHeader
        title={survey.name}
        description="Online editor: the questions of this survey, its case settings, service levels and canned replies."
        actions={
          <>
            {survey.archivedAt ? <Badge tone="amber">Archived</Badge> : null}
            {status ? <Badge tone="green">Cases on</Badge> : <Badge>Cases off</Badge>}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section aria-label="Questions" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">Questions</h2>
            {form.questions.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-slate-500">No questions yet: add the first one below.</p>
            ) : (
              <ol className="divide-y divide-slate-100">
                {form.questions.map((q, i) => (
                  <QuestionRow
                    key={q.id}
                    surveyId={survey.id}
                    question={q}
                    isStatus={q.id === status?.id}
                    first={i === 0}
                    last={i === form.questions.length - 1}
                  />
                ))}
              </ol>
            )}
          </section>
          <section aria-label="Add a question" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="mb-3 text-sm font-semibold text-slate-900">Add a question</h2>
            <QuestionForm surveyId={survey.id} />
          </section>
          <CannedRepliesSection surveyId={survey.id} replies={cannedReplies} />
        </div>
        <div className="space-y-6">
          <section aria-label="Case settings" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="mb-3 text-sm font-semibold text-slate-900">Case settings</h2>
            <CaseSettingsForm
              surveyId={survey.id}
              questions={form.questions}
              statusQuestionId={status?.id ?? null}
              closingValue={form.closingValue}
              defaultStatus={form.defaultStatus}
              firstReplyAssigns={survey.firstReplyAssigns}
            />
          </section>
          <section aria-label="Service levels" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="mb-3 text-sm font-semibold text-slate-900">Service levels</h2>
            <ServiceLevelsForm
              surveyId={survey.id}
              casesEnabled={status !== null}
              levels={{
                firstResponseMinutes: survey.firstResponseMinutes,
                nextResponseMinutes: survey.nextResponseMinutes,
                autoCloseDays: survey.autoCloseDays,
              }}
            />
          </section>
          <section aria-label="Survey" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <RenameSurveyForm surveyId={survey.id} name={survey.name} />
            <ArchiveSurveyForm surveyId={survey.id} archived={survey.archivedAt !== null} />
          </section>
        </div>
      </div>
    </>
  );
}
