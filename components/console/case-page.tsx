"use client";

import { useRef, useState } from "react";
import type { SurveyForm } from "@/lib/surveys/queries";
import { CaseView } from "./case-view";
import type { ComposerHandle } from "./composer";
import { ShortcutHelp } from "./shortcut-help";
import { assignToMe } from "./assign-shortcut";
import { useLiveUpdates } from "./use-live-updates";
import { useShortcuts } from "./use-shortcuts";

/** A case on a page of its own (/console/cases/123): live, with the shortcuts that apply to one case. */
export function CasePage({ caseId, form, currentUserId }: { caseId: number; form: SurveyForm; currentUserId: number }) {
  const live = useLiveUpdates();
  const composer = useRef<ComposerHandle>(null);
  const [help, setHelp] = useState(false);
  useShortcuts({
    reply: () => composer.current?.focus("reply"),
    note: () => composer.current?.focus("note"),
    assign: assignToMe,
    help: () => setHelp(true),
  });
  return (
    <>
      <CaseView caseId={caseId} form={form} currentUserId={currentUserId} live={live} composerRef={composer} />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} unavailable={["next", "previous", "search"]} />
    </>
  );
}
