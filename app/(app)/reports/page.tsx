import type { Metadata } from "next";
import { ReportView, type ReportFilterValues } from "@/components/reports/report-view";
import { PageHeader } from "@/components/ui/page-header";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { listVisibleSurveys } from "@/lib/surveys/queries";

export const metadata: Metadata = { title: "Reports" };

type Search = Record<string, string | string[] | undefined>;

/** The filters are a plain GET form, so a report is a link; the browser fills what is missing. */
function filterValues(search: Search): ReportFilterValues {
  const one = (key: string) => {
    const value = search[key];
    return (Array.isArray(value) ? value[0] : value)?.slice(0, 64) ?? "";
  };
  return { surveyId: one("surveyId"), from: one("from"), to: one("to"), tz: one("tz") };
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  // Every signed-in user; staff see (and may ask for) only their own surveys.
  const actor = await guardPage(requireUser, "/reports");
  const [surveys, search] = await Promise.all([listVisibleSurveys(actor), searchParams]);
  return (
    <>
      <PageHeader
        title="Reports"
        description="How a survey's cases went over a range of days in your time zone: opened and closed per day, how fast the team answered and resolved them, and by whom."
      />
      <ReportView surveys={surveys.map((s) => ({ id: s.id, name: s.name }))} initial={filterValues(search)} />
    </>
  );
}
