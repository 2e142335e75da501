// SPEC §3: where one inbound message goes. Pure: the webhook handler loads these facts
// inside its transaction and applies the decision.
import { fillMultiCaseReply, mayAutoReply, type OpenCaseSummary } from "./multi-case-reply";
import { parseReferences } from "./references";

export type RoutingFacts = {
  /** The survey the number link feeds and whether its cases are enabled. */
  survey: { id: number; casesEnabled: boolean };
  multiCaseReply: string;
  theirNumber: string;
  text: string | null;
  /** Open cases of this their-number in this survey (SPEC §3 step 5). */
  openCases: OpenCaseSummary[];
  /** The cases the text's references name, as found in the database (missing ones absent). */
  referencedCases: Array<{ id: number; surveyId: number; theirNumber: string | null; open: boolean }>;
  lastAutoReplyAt: Date | null;
  now: Date;
};

export type RoutingDecision =
  | { kind: "create"; reason: "cases_disabled" | "new_case_requested" | "no_open_case" }
  | { kind: "append"; caseIds: number[]; reason: "reference" | "one_open_case" | "several_open_cases"; autoReply: string | null };

export function decideRouting(facts: RoutingFacts): RoutingDecision {
  if (!facts.survey.casesEnabled) return { kind: "create", reason: "cases_disabled" };

  const references = parseReferences(facts.text);
  if (references.includes(0)) return { kind: "create", reason: "new_case_requested" };

  // The last reference that names an open case of this survey and this person wins; any
  // other reference is ignored, so nobody can write into someone else's case.
  const usable = new Set(
    facts.referencedCases
      .filter((c) => c.open && c.surveyId === facts.survey.id && c.theirNumber === facts.theirNumber)
      .map((c) => c.id),
  );
  const chosen = [...references].reverse().find((id) => usable.has(id));
  if (chosen !== undefined) return { kind: "append", caseIds: [chosen], reason: "reference", autoReply: null };

  const open = [...facts.openCases].sort((a, b) => a.id - b.id);
  if (open.length === 0) return { kind: "create", reason: "no_open_case" };
  if (open.length === 1) return { kind: "append", caseIds: [open[0]!.id], reason: "one_open_case", autoReply: null };

  const wantsReply = facts.multiCaseReply.trim() !== "" && mayAutoReply(facts.lastAutoReplyAt, facts.now);
  return {
    kind: "append",
    caseIds: open.map((c) => c.id),
    reason: "several_open_cases",
    autoReply: wantsReply ? fillMultiCaseReply(facts.multiCaseReply, open) : null,
  };
}
