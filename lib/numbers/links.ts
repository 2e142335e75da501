// Users > Conversations: our numbers, each linked to the survey its messages feed.
import "server-only";
import { asc, eq } from "drizzle-orm";
import { auditDiff } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction } from "@/lib/db/client";
import { numberLinks, surveys, type NumberLink } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import { checkHoursSettings, type HoursInput, type HoursSettings } from "@/lib/business-hours/settings";

export const MAX_REPLY_LENGTH = 1000;

export type LinkInput = {
  ourNumber: string;
  channel: "sms" | "whatsapp";
  surveyId: number;
  description: string;
  multiCaseReply: string;
  /** SPEC §12 (SMS): sent once when a number opts out; empty = none. Left out: "" on create, unchanged on update. */
  optOutConfirmation?: string;
  /** SPEC §12 (SMS): the answer to HELP / INFO; empty = none. Left out: "" on create, unchanged on update. */
  helpText?: string;
  /**
   * SPEC §13: time zone, weekly hours and out-of-hours reply, checked together
   * (lib/business-hours/settings.ts). Left out: always open on create, unchanged on update.
   */
  hours?: HoursInput;
};

export type LinkResult = { ok: true; id: number } | { ok: false; fieldErrors: Record<string, string> };

export async function listLinks(actor: CurrentUser) {
  assertRole(actor, ADMIN_ROLES);
  return getDb()
    .select({
      id: numberLinks.id,
      ourNumber: numberLinks.ourNumber,
      channel: numberLinks.channel,
      surveyId: numberLinks.surveyId,
      surveyName: surveys.name,
      description: numberLinks.description,
      multiCaseReply: numberLinks.multiCaseReply,
      optOutConfirmation: numberLinks.optOutConfirmation,
      helpText: numberLinks.helpText,
      timeZone: numberLinks.timeZone,
      businessHours: numberLinks.businessHours,
      outOfHoursReply: numberLinks.outOfHoursReply,
    })
    .from(numberLinks)
    .innerJoin(surveys, eq(surveys.id, numberLinks.surveyId))
    .orderBy(asc(numberLinks.ourNumber));
}

type CheckedLink = { number: string; hours: HoursSettings | undefined };

async function checkLink(input: LinkInput, exceptId: number | null): Promise<CheckedLink | { fieldErrors: Record<string, string> }> {
  const fieldErrors: Record<string, string> = {};
  const hours = input.hours ? checkHoursSettings(input.hours) : undefined;
  if (hours && !hours.ok) Object.assign(fieldErrors, hours.fieldErrors);
  const normalised = normalisePhoneNumber(input.ourNumber);
  if (!normalised.ok) fieldErrors.ourNumber = normalised.error;
  const [survey] = await getDb().select({ id: surveys.id }).from(surveys).where(eq(surveys.id, input.surveyId)).limit(1);
  if (!survey) fieldErrors.surveyId = "Choose the survey that receives this number's messages.";
  if (input.multiCaseReply.length > MAX_REPLY_LENGTH) fieldErrors.multiCaseReply = `The reply can be at most ${MAX_REPLY_LENGTH} characters.`;
  if ((input.optOutConfirmation?.length ?? 0) > MAX_REPLY_LENGTH) fieldErrors.optOutConfirmation = `The confirmation can be at most ${MAX_REPLY_LENGTH} characters.`;
  if ((input.helpText?.length ?? 0) > MAX_REPLY_LENGTH) fieldErrors.helpText = `The HELP answer can be at most ${MAX_REPLY_LENGTH} characters.`;
  if (input.description.length > 200) fieldErrors.description = "The description can be at most 200 characters.";
  if (normalised.ok) {
    const [taken] = await getDb()
      .select({ id: numberLinks.id, surveyName: surveys.name })
      .from(numberLinks)
      .innerJoin(surveys, eq(surveys.id, numberLinks.surveyId))
      .where(eq(numberLinks.ourNumber, normalised.number))
      .limit(1);
    if (taken && taken.id !== exceptId) fieldErrors.ourNumber = `+${normalised.number} is already linked to the survey “${taken.surveyName}”.`;
  }
  if (Object.keys(fieldErrors).length || !normalised.ok) return { fieldErrors };
  return { number: normalised.number, hours: hours?.ok ? hours.settings : undefined };
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause ?? (error as { code?: string });
  return cause?.code === "23505";
}

export async function createLink(actor: CurrentUser, input: LinkInput): Promise<LinkResult> {
  assertRole(actor, ADMIN_ROLES);
  const checked = await checkLink(input, null);
  if ("fieldErrors" in checked) return { ok: false, fieldErrors: checked.fieldErrors };
  try {
    const values = {
      ...withoutHours(input),
      ...(checked.hours ?? { timeZone: null, businessHours: null, outOfHoursReply: "" }),
      ourNumber: checked.number,
      description: input.description.trim(),
      optOutConfirmation: input.optOutConfirmation ?? "",
      helpText: input.helpText ?? "",
    };
    const id = await transaction(async (tx) => {
      const [row] = await tx.insert(numberLinks).values(values).returning({ id: numberLinks.id });
      await recordAudit(tx, actor, { action: "number_link.created", surveyId: values.surveyId, target: `number_link:${row!.id}`, after: linkSnapshot(values) });
      return row!.id;
    });
    return { ok: true, id };
  } catch (error) {
    // The unique index decides when two admins link the same number at once.
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { ourNumber: `+${checked.number} is already linked to a survey.` } };
    throw error;
  }
}

/** Raised inside updateLink's transaction when the link is no longer the one a patch was made from. */
class LinkChangedMeanwhile extends Error {}

export async function updateLink(
  actor: CurrentUser,
  id: number,
  input: LinkInput,
  /** A patch's starting point (updateLinkHours): the update happens only if the link still is it. */
  madeFrom?: NumberLink,
): Promise<LinkResult> {
  assertRole(actor, ADMIN_ROLES);
  const checked = await checkLink(input, id);
  if ("fieldErrors" in checked) return { ok: false, fieldErrors: checked.fieldErrors };
  try {
    const values = { ...withoutHours(input), ...checked.hours, ourNumber: checked.number, description: input.description.trim() };
    await transaction(async (tx) => {
      const [before] = await tx.select().from(numberLinks).where(eq(numberLinks.id, id)).for("update").limit(1);
      if (!before) throw new AppError("not_found", "That number link no longer exists.");
      if (madeFrom && JSON.stringify(linkSnapshot(before)) !== JSON.stringify(linkSnapshot(madeFrom))) throw new LinkChangedMeanwhile();
      await tx
        .update(numberLinks)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(numberLinks.id, id));
      const diff = auditDiff(linkSnapshot(before), linkSnapshot({ ...before, ...definedOnly(values) }));
      if (diff) await recordAudit(tx, actor, { action: "number_link.updated", surveyId: values.surveyId, target: `number_link:${id}`, ...diff });
    });
    return { ok: true, id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { ourNumber: `+${checked.number} is already linked to a survey.` } };
    throw error;
  }
}

/**
 * SPEC §13 through the API: changes only a link's business-hours settings; fields left out keep
 * their value. The same checks as the form (updateLink).
 */
export async function updateLinkHours(actor: CurrentUser, id: number, patch: HoursInput): Promise<LinkResult> {
  assertRole(actor, ADMIN_ROLES);
  // The other columns are written back as read: should an edit of the link commit in between,
  // updateLink refuses (the row is compared under its lock) and the patch is made again from
  // the new row, so that edit is never undone.
  for (let attempt = 1; ; attempt++) {
    const [link] = await getDb().select().from(numberLinks).where(eq(numberLinks.id, id)).limit(1);
    if (!link) throw new AppError("not_found", "That number link does not exist.");
    const timeZone = patch.timeZone !== undefined ? patch.timeZone : link.timeZone;
    const hours: HoursInput = {
      timeZone,
      // Turning the time zone off drops the kept hours; hours sent without a zone are refused.
      businessHours: patch.businessHours !== undefined ? patch.businessHours : timeZone ? link.businessHours : null,
      outOfHoursReply: patch.outOfHoursReply ?? link.outOfHoursReply,
    };
    const { ourNumber, channel, surveyId, description, multiCaseReply, optOutConfirmation, helpText } = link;
    try {
      return await updateLink(actor, id, { ourNumber, channel, surveyId, description, multiCaseReply, optOutConfirmation, helpText, hours }, link);
    } catch (error) {
      if (!(error instanceof LinkChangedMeanwhile) || attempt >= 5) throw error;
    }
  }
}

/** One link as listLinks gives it, or null. */
export async function getLink(actor: CurrentUser, id: number) {
  const links = await listLinks(actor);
  return links.find((link) => link.id === id) ?? null;
}

/** Deleting a link keeps its cases: they carry their own numbers and survey. */
export async function deleteLink(actor: CurrentUser, id: number): Promise<void> {
  assertRole(actor, ADMIN_ROLES);
  await transaction(async (tx) => {
    const [removed] = await tx.delete(numberLinks).where(eq(numberLinks.id, id)).returning();
    if (removed) await recordAudit(tx, actor, { action: "number_link.deleted", surveyId: removed.surveyId, target: `number_link:${id}`, before: linkSnapshot(removed) });
  });
}

/** The columns of the input: its `hours` group is stored as the checked settings instead. */
function withoutHours(input: LinkInput): Omit<LinkInput, "hours"> {
  const fields = { ...input };
  delete fields.hours;
  return fields;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What the audit log keeps of a link (our number is ours, not a person's). */
function linkSnapshot(link: Omit<LinkInput, "hours"> & Partial<HoursSettings>) {
  return {
    ourNumber: link.ourNumber,
    channel: link.channel,
    surveyId: link.surveyId,
    description: link.description,
    multiCaseReply: link.multiCaseReply,
    optOutConfirmation: link.optOutConfirmation,
    helpText: link.helpText,
    timeZone: link.timeZone,
    businessHours: link.businessHours,
    outOfHoursReply: link.outOfHoursReply,
  };
}
