import { describe, expect, it } from "vitest";
import { decideRouting, type RoutingDecision, type RoutingFacts } from "@/lib/cases/routing";

const P = "447700900001";
const OTHER = "447700900002";
const now = new Date("2026-01-01T12:00:00Z");

function facts(over: Partial<RoutingFacts> = {}): RoutingFacts {
  return {
    survey: { id: 1, casesEnabled: true },
    multiCaseReply: "You have %s1 open cases (%s2).",
    theirNumber: P,
    text: "hello",
    openCases: [],
    referencedCases: [],
    lastAutoReplyAt: null,
    now,
    ...over,
  };
}

const open = (id: number, title = `Case ${id}`) => ({ id, title });
const ref = (id: number, over: Partial<{ surveyId: number; theirNumber: string; open: boolean }> = {}) => ({
  id,
  surveyId: 1,
  theirNumber: P,
  open: true,
  ...over,
});

const cases: Array<[string, Partial<RoutingFacts>, RoutingDecision]> = [
  ["cases disabled → a new record, whatever else", { survey: { id: 1, casesEnabled: false }, openCases: [open(5)], text: "#5" }, { kind: "create", reason: "cases_disabled" }],
  ["no open case → a new case", {}, { kind: "create", reason: "no_open_case" }],
  ["one open case → appended", { openCases: [open(5)] }, { kind: "append", caseIds: [5], reason: "one_open_case", autoReply: null }],
  [
    "several open cases → all of them, with the filled reply",
    { openCases: [open(6, "Hours"), open(5, "Appointment")] },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: "You have 2 open cases (#5: Appointment, #6: Hours)." },
  ],
  [
    "several open cases, empty reply text → no reply",
    { openCases: [open(5), open(6)], multiCaseReply: "  " },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: null },
  ],
  [
    "several open cases, replied 5 minutes ago → no second reply",
    { openCases: [open(5), open(6)], lastAutoReplyAt: new Date(now.getTime() - 5 * 60 * 1000) },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: null },
  ],
  [
    "several open cases, replied 11 minutes ago → reply again",
    { openCases: [open(5), open(6)], multiCaseReply: "Which one?", lastAutoReplyAt: new Date(now.getTime() - 11 * 60 * 1000) },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: "Which one?" },
  ],
  ["#0 → a new case even with open cases", { text: "new topic #0", openCases: [open(5), open(6)] }, { kind: "create", reason: "new_case_requested" }],
  ["#0 anywhere beside a valid reference → a new case", { text: "#5 and #0", openCases: [open(5)], referencedCases: [ref(5)] }, { kind: "create", reason: "new_case_requested" }],
  [
    "#123 of an open case of this person → only that case",
    { text: "About #6?", openCases: [open(5), open(6)], referencedCases: [ref(6)] },
    { kind: "append", caseIds: [6], reason: "reference", autoReply: null },
  ],
  [
    "several references → the last valid one wins",
    { text: "#5 no wait #6", openCases: [open(5), open(6)], referencedCases: [ref(5), ref(6)] },
    { kind: "append", caseIds: [6], reason: "reference", autoReply: null },
  ],
  [
    "the last reference invalid → the last valid one before it",
    { text: "#5 then #99", openCases: [open(5), open(6)], referencedCases: [ref(5)] },
    { kind: "append", caseIds: [5], reason: "reference", autoReply: null },
  ],
  [
    "reference to a closed case → ignored, one open case takes it",
    { text: "#4", openCases: [open(5)], referencedCases: [ref(4, { open: false })] },
    { kind: "append", caseIds: [5], reason: "one_open_case", autoReply: null },
  ],
  [
    "reference to a closed case and no open case → a new case",
    { text: "#4", referencedCases: [ref(4, { open: false })] },
    { kind: "create", reason: "no_open_case" },
  ],
  [
    "reference to another person's case → ignored",
    { text: "#9", openCases: [open(5)], referencedCases: [ref(9, { theirNumber: OTHER })] },
    { kind: "append", caseIds: [5], reason: "one_open_case", autoReply: null },
  ],
  [
    "reference to a case of another survey → ignored",
    { text: "#9", openCases: [open(5)], referencedCases: [ref(9, { surveyId: 2 })] },
    { kind: "append", caseIds: [5], reason: "one_open_case", autoReply: null },
  ],
  [
    "reference to a missing case → ignored, several open cases get it all",
    { text: "#404", openCases: [open(5), open(6)], multiCaseReply: "" },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: null },
  ],
  [
    "#12a is not a reference",
    { text: "#6a", openCases: [open(5), open(6)], referencedCases: [ref(6)], multiCaseReply: "" },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: null },
  ],
  [
    "##6 is not a reference",
    { text: "##6", openCases: [open(5), open(6)], referencedCases: [ref(6)], multiCaseReply: "" },
    { kind: "append", caseIds: [5, 6], reason: "several_open_cases", autoReply: null },
  ],
  ["a message without text (media) follows the open-case rules", { text: null, openCases: [open(5)] }, { kind: "append", caseIds: [5], reason: "one_open_case", autoReply: null }],
];

describe("decideRouting (SPEC §3)", () => {
  it.each(cases)("%s", (_, over, expected) => {
    expect(decideRouting(facts(over))).toEqual(expected);
  });
});
