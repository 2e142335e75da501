"use client";

import Link from "next/link";
import { createContext, useContext, type MouseEvent, type ReactNode } from "react";

/**
 * How a link to another case opens: the standalone case page by default; inside the
 * workspace, in its split view without loading a page (when it can: `open` answers false for
 * a case it cannot show in place, and the link is then followed).
 */
export type CaseLinks = {
  href: (caseId: number) => string;
  open?: (caseId: number, surveyId: number) => boolean;
};

const CaseLinksContext = createContext<CaseLinks>({ href: (caseId) => `/console/cases/${caseId}` });

export const CaseLinksProvider = CaseLinksContext.Provider;

export function useCaseLinks(): CaseLinks {
  return useContext(CaseLinksContext);
}

/** A click that means "open here" (not a new tab or window). */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function CaseLink({ caseId, surveyId, className, children }: { caseId: number; surveyId: number; className?: string; children: ReactNode }) {
  const links = useCaseLinks();
  return (
    <Link
      href={links.href(caseId)}
      className={className}
      onClick={(event) => {
        if (links.open && isPlainClick(event) && links.open(caseId, surveyId)) event.preventDefault();
      }}
    >
      {children}
    </Link>
  );
}
