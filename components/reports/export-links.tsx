// SPEC §14: the survey's cases and messages of the report's days as CSV downloads. Plain links
// to GET /api/v1/exports/{cases,messages}.csv (the session cookie is accepted there): the
// browser streams the file to disk, so a million rows never pass through this page.
import { buttonClasses } from "@/components/ui/button";

export type ExportLinkValues = { surveyId: string | number; from: string; to: string; tz: string };

export function ExportLinks({ surveyId, from, to, tz }: ExportLinkValues) {
  const query = new URLSearchParams({ surveyId: String(surveyId), from, to, tz }).toString();
  const link = (kind: "cases" | "messages", label: string) => (
    <a href={`/api/v1/exports/${kind}.csv?${query}`} download className={buttonClasses("secondary", "text-sm")} data-testid={`export-${kind}`}>
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="mr-1.5 h-4 w-4">
        <path d="M10.75 2.75a.75.75 0 0 0-1.5 0v8.69L6.03 8.22a.75.75 0 0 0-1.06 1.06l4.5 4.5a.75.75 0 0 0 1.06 0l4.5-4.5a.75.75 0 0 0-1.06-1.06l-3.22 3.22V2.75Z" />
        <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
      </svg>
      {label}
    </a>
  );
  return (
    <nav aria-label="Export as CSV" className="flex flex-wrap gap-2">
      {link("cases", "Cases (CSV)")}
      {link("messages", "Messages (CSV)")}
    </nav>
  );
}
