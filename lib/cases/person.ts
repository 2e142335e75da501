// SPEC §9 "Person": who the case is with — the WhatsApp profile name they sent, and their
// other cases in every survey the actor may see (the details pane of the case view).
import "server-only";
import { and, desc, eq, isNotNull, ne } from "drizzle-orm";
import { requireVisibleCase, visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { cases, messages, surveyQuestions, surveys } from "@/lib/db/schema";
import { formatReference } from "./references";

/** The most recent other cases shown; the pane says when there are more. */
export const OTHER_CASES_SHOWN = 20;

export type OtherCase = {
  id: number;
  reference: string;
  surveyId: number;
  surveyName: string;
  title: string;
  /** The status answer's label in its own survey (its value when the choice is gone). */
  statusLabel: string | null;
  open: boolean;
  lastActivityAt: string;
};

export type CasePerson = {
  theirNumber: string | null;
  /** WhatsApp's profile name on the person's latest message to this number that had one. */
  profileName: string | null;
  otherCases: OtherCase[];
  moreOtherCases: boolean;
};

export async function getCasePerson(actor: CurrentUser, caseId: number): Promise<CasePerson> {
  const kase = await requireVisibleCase(actor, caseId);
  const { theirNumber, ourNumber } = kase;
  if (!theirNumber) return { theirNumber: null, profileName: null, otherCases: [], moreOtherCases: false };
  const db = getDb();

  const [others, profile] = await Promise.all([
    // Equality on their_number is served by cases_their_number_prefix_idx (text_pattern_ops
    // has "="); one person's cases are few, so sorting them after is cheap.
    db
      .select({
        id: cases.id,
        surveyId: cases.surveyId,
        surveyName: surveys.name,
        title: cases.title,
        status: cases.status,
        open: cases.open,
        lastActivityAt: cases.lastActivityAt,
        choices: surveyQuestions.choices,
      })
      .from(cases)
      .innerJoin(surveys, eq(surveys.id, cases.surveyId))
      .leftJoin(surveyQuestions, eq(surveyQuestions.id, surveys.statusQuestionId))
      .where(and(eq(cases.theirNumber, theirNumber), ne(cases.id, caseId), visibleSurveys(actor, cases.surveyId)))
      .orderBy(desc(cases.lastActivityAt), desc(cases.id))
      .limit(OTHER_CASES_SHOWN + 1),
    // To this case's number of ours only: that number feeds a survey the actor may see, so a
    // name sent to another survey's number is not shown here. messages_inbound_pair_at_idx,
    // read backwards, stops at the first message with a name.
    ourNumber
      ? db
          .select({ profileName: messages.profileName })
          .from(messages)
          .where(
            and(
              eq(messages.direction, "inbound"),
              eq(messages.theirNumber, theirNumber),
              eq(messages.ourNumber, ourNumber),
              isNotNull(messages.profileName),
              ne(messages.profileName, ""),
            ),
          )
          .orderBy(desc(messages.at))
          .limit(1)
      : Promise.resolve([]),
  ]);

  return {
    theirNumber,
    profileName: profile[0]?.profileName ?? null,
    otherCases: others.slice(0, OTHER_CASES_SHOWN).map((row) => ({
      id: row.id,
      reference: formatReference(row.id),
      surveyId: row.surveyId,
      surveyName: row.surveyName,
      title: row.title,
      statusLabel: row.status === null ? null : (row.choices?.find((c) => c.value === row.status)?.label ?? row.status),
      open: row.open,
      lastActivityAt: row.lastActivityAt.toISOString(),
    })),
    moreOtherCases: others.length > OTHER_CASES_SHOWN,
  };
}
