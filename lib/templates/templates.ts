// WhatsApp templates (SPEC §10), kept once for the server and tied to the WhatsApp numbers they
// may be sent from: the WhatsApp Business account approves templates for its numbers, not per
// survey. Owners and admins add, change and delete them (Admin > Users > Templates, and the
// API); staff list those of the numbers of surveys they may see, and the composer those of its
// case's number. (name, language) is unique: the unique index decides, so two admins saving
// the same pair at once get one template and one clear field error.
import "server-only";
import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { auditDiff } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, requireVisibleCase, visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction, type Executor } from "@/lib/db/client";
import { sqlState } from "@/lib/db/errors";
import { numberLinks, whatsappTemplateLinks, whatsappTemplates, type WhatsappTemplate } from "@/lib/db/schema";
import { formatNumber } from "@/lib/display/format";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import { checkTemplate, templateTakenError, type TemplateEntry, type TemplateInput } from "./rules";

export type TemplateFields = TemplateInput & { numbers: string[] };

export type TemplateResult = { ok: true; template: TemplateEntry } | { ok: false; fieldErrors: Record<string, string> };

const NOT_FOUND = "That template does not exist (any more).";
/** Where people are sent to manage templates; the composer's empty state says it too. */
export const TEMPLATES_PLACE = "Admin > Users > Templates";

export type TemplateFilter = {
  /** Only the templates this case may be sent (those of its our-number; none on SMS). 404 if the actor may not see it. */
  caseId?: number;
  /** Only the templates of this number of ours. */
  ourNumber?: string;
};

/**
 * The templates the actor may see, by name then language. Owners and admins see all of them
 * (a template whose numbers were all unlinked too, so it can be fixed); staff those of the
 * WhatsApp numbers of surveys they may see — and, with `caseId`, those of that case's number.
 * Each entry lists only the numbers the actor may see.
 */
export async function listTemplates(actor: CurrentUser, filter: TemplateFilter = {}): Promise<TemplateEntry[]> {
  const db = getDb();
  let number: string | null = null;
  let caseNumber: string | null = null;
  if (filter.caseId !== undefined) {
    const kase = await requireVisibleCase(actor, filter.caseId, { db });
    if (kase.channel !== "whatsapp" || !kase.ourNumber) return [];
    number = caseNumber = kase.ourNumber;
  }
  if (filter.ourNumber !== undefined) {
    const normalised = normalisePhoneNumber(filter.ourNumber);
    if (!normalised.ok) throw new AppError("bad_request", `ourNumber: ${normalised.error}`);
    if (number !== null && number !== normalised.number) return [];
    number = normalised.number;
  }
  const visible = visibleSurveys(actor, numberLinks.surveyId);
  // A number the actor may see: of a visible survey, or the number of the case they asked about.
  const seen: SQL | undefined = visible && caseNumber ? or(visible, eq(numberLinks.ourNumber, caseNumber)) : visible;
  const linked = and(eq(numberLinks.id, whatsappTemplateLinks.linkId), eq(numberLinks.channel, "whatsapp"), seen);
  const rows = await db
    .select({
      template: whatsappTemplates,
      numbers: sql<string[]>`coalesce(array_agg(${numberLinks.ourNumber} order by ${numberLinks.ourNumber}) filter (where ${numberLinks.id} is not null), '{}')`,
    })
    .from(whatsappTemplates)
    .leftJoin(whatsappTemplateLinks, eq(whatsappTemplateLinks.templateId, whatsappTemplates.id))
    .leftJoin(numberLinks, linked)
    .where(number === null ? undefined : inArray(whatsappTemplates.id, templatesOfNumber(number)))
    .groupBy(whatsappTemplates.id)
    // Staff (or anyone filtering) see a template only through a number they may see.
    .having(visible || number !== null ? sql`count(${numberLinks.id}) > 0` : undefined)
    .orderBy(asc(whatsappTemplates.name), asc(whatsappTemplates.locale));
  return rows.map((r) => entry(r.template, r.numbers));
}

/** The ids of the templates one WhatsApp number of ours may send. */
function templatesOfNumber(ourNumber: string) {
  return getDb()
    .select({ id: whatsappTemplateLinks.templateId })
    .from(whatsappTemplateLinks)
    .innerJoin(numberLinks, eq(numberLinks.id, whatsappTemplateLinks.linkId))
    .where(and(eq(numberLinks.ourNumber, ourNumber), eq(numberLinks.channel, "whatsapp")));
}

function entry(row: WhatsappTemplate, numbers: string[]): TemplateEntry {
  const check = checkTemplate(row);
  return {
    id: row.id,
    name: row.name,
    locale: row.locale,
    body: row.body,
    parameterCount: check.ok ? check.parameterCount : 0,
    numbers,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The links of the numbers a template may be sent from: each must be one of our numbers,
 * linked on WhatsApp (Users > Conversations); at least one.
 */
async function linksOf(db: Executor, numbers: string[]): Promise<{ ok: true; links: Array<{ id: number; ourNumber: string }> } | { ok: false; error: string }> {
  if (numbers.length === 0) return { ok: false, error: "Choose at least one WhatsApp number it may be sent from." };
  const wanted: string[] = [];
  for (const input of numbers) {
    const normalised = normalisePhoneNumber(input);
    if (!normalised.ok) return { ok: false, error: `“${input}”: ${normalised.error}` };
    if (!wanted.includes(normalised.number)) wanted.push(normalised.number);
  }
  const rows = await db
    .select({ id: numberLinks.id, ourNumber: numberLinks.ourNumber, channel: numberLinks.channel })
    .from(numberLinks)
    .where(inArray(numberLinks.ourNumber, wanted));
  for (const number of wanted) {
    const link = rows.find((r) => r.ourNumber === number);
    if (!link) return { ok: false, error: `${formatNumber(number)} is not one of your linked numbers (Users > Conversations).` };
    if (link.channel !== "whatsapp") return { ok: false, error: `${formatNumber(number)} is linked for SMS: templates are sent from WhatsApp numbers only.` };
  }
  return { ok: true, links: wanted.map((number) => rows.find((r) => r.ourNumber === number)!) };
}

/** Whether another template has this name and language. */
async function pairTaken(db: Executor, { name, locale }: { name: string; locale: string }, exceptId: number | null): Promise<boolean> {
  const [row] = await db
    .select({ id: whatsappTemplates.id })
    .from(whatsappTemplates)
    .where(and(eq(whatsappTemplates.name, name), eq(whatsappTemplates.locale, locale)))
    .limit(1);
  return Boolean(row && row.id !== exceptId);
}

/** What the audit log keeps of a template (nothing personal: our numbers and the approved text). */
/** The numbers a template may be sent from, sorted (as lists, audit entries and the API show them). */
async function numbersOf(db: Executor, templateId: number): Promise<string[]> {
  const rows = await db
    .select({ ourNumber: numberLinks.ourNumber })
    .from(whatsappTemplateLinks)
    .innerJoin(numberLinks, eq(numberLinks.id, whatsappTemplateLinks.linkId))
    .where(eq(whatsappTemplateLinks.templateId, templateId));
  return rows.map((r) => r.ourNumber).sort();
}

function snapshot(t: { name: string; locale: string; body: string }, numbers: string[]) {
  return { name: t.name, locale: t.locale, body: t.body, numbers: [...numbers].sort() };
}

export async function createTemplate(actor: CurrentUser, input: TemplateFields): Promise<TemplateResult> {
  assertRole(actor, ADMIN_ROLES);
  const checked = checkTemplate(input);
  const fieldErrors = checked.ok ? {} : { ...checked.fieldErrors };
  const links = await linksOf(getDb(), input.numbers);
  if (!links.ok) fieldErrors.numbers = links.error;
  // Said with the other errors; the unique index still decides between two saves at once.
  if (checked.ok && (await pairTaken(getDb(), checked, null))) fieldErrors.name = templateTakenError(checked.name, checked.locale);
  if (!checked.ok || !links.ok || fieldErrors.name) return { ok: false, fieldErrors };
  try {
    const template = await transaction(async (tx) => {
      // Checked again inside: a link deleted or made SMS meanwhile must not be tied to it.
      const current = await linksOf(tx, input.numbers);
      if (!current.ok) throw new AppError("bad_request", current.error);
      const [created] = await tx
        .insert(whatsappTemplates)
        .values({ name: checked.name, locale: checked.locale, body: checked.body, createdBy: actor.id })
        .returning();
      await tx.insert(whatsappTemplateLinks).values(current.links.map((l) => ({ templateId: created!.id, linkId: l.id })));
      const numbers = current.links.map((l) => l.ourNumber).sort();
      await recordAudit(tx, actor, { action: "template.created", target: `whatsapp_template:${created!.id}`, after: snapshot(checked, numbers) });
      return entry(created!, numbers);
    });
    return { ok: true, template };
  } catch (error) {
    if (sqlState(error) === "23505") return { ok: false, fieldErrors: { name: templateTakenError(checked.name, checked.locale) } };
    throw error;
  }
}

/** A change of any of the fields; a field left out keeps its value. `numbers` replaces the list. */
export async function updateTemplate(actor: CurrentUser, id: number, change: Partial<TemplateFields>): Promise<TemplateResult> {
  assertRole(actor, ADMIN_ROLES);
  let taken: { name: string; locale: string } | null = null;
  try {
    return await transaction(async (tx): Promise<TemplateResult> => {
      const [before] = await tx.select().from(whatsappTemplates).where(eq(whatsappTemplates.id, id)).for("update").limit(1);
      if (!before) throw new AppError("not_found", NOT_FOUND);
      const beforeNumbers = await numbersOf(tx, id);
      const checked = checkTemplate({ name: change.name ?? before.name, locale: change.locale ?? before.locale, body: change.body ?? before.body });
      const fieldErrors = checked.ok ? {} : { ...checked.fieldErrors };
      const links = change.numbers === undefined ? null : await linksOf(tx, change.numbers);
      if (links && !links.ok) fieldErrors.numbers = links.error;
      if (checked.ok && (await pairTaken(tx, checked, id))) fieldErrors.name = templateTakenError(checked.name, checked.locale);
      if (!checked.ok || (links && !links.ok) || fieldErrors.name) return { ok: false, fieldErrors };
      taken = { name: checked.name, locale: checked.locale };
      const numbers = links ? links.links.map((l) => l.ourNumber).sort() : beforeNumbers;
      const diff = auditDiff(snapshot(before, beforeNumbers), snapshot(checked, numbers));
      if (!diff) return { ok: true, template: entry(before, beforeNumbers) };
      const [after] = await tx
        .update(whatsappTemplates)
        .set({ name: checked.name, locale: checked.locale, body: checked.body, updatedAt: new Date() })
        .where(eq(whatsappTemplates.id, id))
        .returning();
      if (links) {
        await tx.delete(whatsappTemplateLinks).where(eq(whatsappTemplateLinks.templateId, id));
        await tx.insert(whatsappTemplateLinks).values(links.links.map((l) => ({ templateId: id, linkId: l.id })));
      }
      await recordAudit(tx, actor, { action: "template.updated", target: `whatsapp_template:${id}`, ...diff });
      return { ok: true, template: entry(after!, numbers) };
    });
  } catch (error) {
    const pair = taken as { name: string; locale: string } | null;
    if (sqlState(error) === "23505" && pair) return { ok: false, fieldErrors: { name: templateTakenError(pair.name, pair.locale) } };
    throw error;
  }
}

/** Deletes the template and answers it as it was; 404 when it does not exist. Messages sent with it keep their text. */
export async function deleteTemplate(actor: CurrentUser, id: number): Promise<TemplateEntry> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    const numbers = await numbersOf(tx, id);
    const [removed] = await tx.delete(whatsappTemplates).where(eq(whatsappTemplates.id, id)).returning();
    if (!removed) throw new AppError("not_found", NOT_FOUND);
    await recordAudit(tx, actor, { action: "template.deleted", target: `whatsapp_template:${id}`, before: snapshot(removed, numbers) });
    return entry(removed, numbers);
  });
}

export type SendableTemplate = Pick<WhatsappTemplate, "id" | "name" | "locale" | "body">;

/**
 * The template `name` (in `locale`, or the only language it has for this number) that our
 * number may send — the check a template reply makes before it is queued. No actor: the
 * caller has checked the actor may see the case the number comes from.
 */
export async function sendableTemplate(ourNumber: string, { name, locale }: { name: string; locale?: string }, db: Executor = getDb()): Promise<SendableTemplate> {
  const rows = await db
    .selectDistinct({ id: whatsappTemplates.id, name: whatsappTemplates.name, locale: whatsappTemplates.locale, body: whatsappTemplates.body })
    .from(whatsappTemplates)
    .innerJoin(whatsappTemplateLinks, eq(whatsappTemplateLinks.templateId, whatsappTemplates.id))
    .innerJoin(numberLinks, eq(numberLinks.id, whatsappTemplateLinks.linkId))
    .where(
      and(
        eq(numberLinks.ourNumber, ourNumber),
        eq(numberLinks.channel, "whatsapp"),
        eq(whatsappTemplates.name, name),
        locale === undefined ? undefined : eq(whatsappTemplates.locale, locale),
      ),
    )
    .orderBy(asc(whatsappTemplates.locale));
  if (rows.length === 0) {
    throw new AppError(
      "bad_request",
      `No template “${name}”${locale ? ` in ${locale}` : ""} may be sent from ${formatNumber(ourNumber)}: owners and admins add the templates approved in your WhatsApp Business account in ${TEMPLATES_PLACE}.`,
    );
  }
  if (rows.length > 1) {
    throw new AppError(
      "bad_request",
      `The template “${name}” exists in ${rows.map((r) => r.locale).join(", ")} for ${formatNumber(ourNumber)}: say which with its language code (locale).`,
    );
  }
  return rows[0]!;
}
