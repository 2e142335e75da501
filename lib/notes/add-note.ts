// A note on a case (SPEC §9): an entry in the thread that users who may see the case read, and
// that is never sent to the person. `@name` mentions a user who may see the case; the mention
// is stored (note_mentions) with a notification for each mentioned user (§13).
//
// A note does not move the case's last activity: that orders the queue and marks cases unread
// by what the person and the replies did, and a colleague's note is not a new message to
// answer. The mentioned users will hear of it through their notifications instead.
import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { markReadChecked } from "@/lib/cases/case-reads";
import { transaction } from "@/lib/db/client";
import { caseNotes } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { mentionedRecipients } from "@/lib/notifications/causes";
import { announceNotifications, insertNotifications } from "@/lib/notifications/write";
import { notifyCaseChange } from "@/lib/realtime/channel";
import { usersWhoMaySeeSurvey } from "@/lib/surveys/survey-users";
import { mentionedUsers } from "./mentions";
import { notesOfCase } from "./read-notes";
import { MAX_NOTE_LENGTH, type CaseNoteEntry } from "./note-entry";

/** The note's text as stored, or a 400 saying what is wrong with it. */
export function checkNoteText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError("bad_request", "Write the note first: it is empty.");
  if (trimmed.length > MAX_NOTE_LENGTH) {
    throw new AppError("bad_request", `A note can be at most ${MAX_NOTE_LENGTH} characters (this one has ${trimmed.length}).`);
  }
  return trimmed;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,100}$/;

/**
 * With an idempotency key (the composer's draft key, an API caller's), the same note sent again
 * — its answer lost — is stored once and answered with the stored note.
 */
export async function addNote(
  actor: CurrentUser,
  { caseId, text, idempotencyKey }: { caseId: number; text: string; idempotencyKey?: string },
): Promise<CaseNoteEntry> {
  const body = checkNoteText(text);
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new AppError("bad_request", "The idempotency key must be 16 to 100 letters, digits, - or _.");
  }
  const stored = await transaction(async (tx) => {
    const current = await requireVisibleCase(actor, caseId, { db: tx });
    // Only users who may see the case can be mentioned: naming anyone else mentions nobody.
    const mentions = mentionedUsers(body, await usersWhoMaySeeSurvey(current.surveyId, tx));
    const [note] = await tx
      .insert(caseNotes)
      .values({ caseId, authorId: actor.id, text: body, idempotencyKey })
      .onConflictDoNothing({ target: caseNotes.idempotencyKey })
      .returning({ id: caseNotes.id, at: caseNotes.at });
    // The key is taken: stored before (or by a concurrent request); answered below.
    if (!note) return null;
    if (mentions.length) {
      // The mentions and their notifications (SPEC §13) in one statement.
      const q = tx.$client;
      await q`
        with mentioned as (
          insert into note_mentions (note_id, user_id)
          select ${note.id}::bigint, unnest(${mentions.map((user) => user.id)}::int[])
          returning user_id
        ), n as (${insertNotifications(q, mentionedRecipients(q, "mentioned", { caseId, noteId: note.id, actorId: actor.id }))})
        ${announceNotifications(q, "n")}`;
    }
    await recordAudit(tx, actor, {
      action: "case.note_added",
      surveyId: current.surveyId,
      caseId,
      // Which note, not its text: as with replies, the text is in the case already, and a copy
      // here would be one more place to erase a person's conversation from.
      after: { noteId: note.id, mentions: mentions.map((user) => user.name) },
    });
    await markReadChecked(tx, actor, caseId);
    await notifyCaseChange(tx, { surveyId: current.surveyId, caseIds: [caseId], kind: "note" });
    return {
      id: note!.id,
      kind: "note",
      text: body,
      at: note!.at.toISOString(),
      author: { id: actor.id, name: actor.name || actor.email },
      mentions,
    } satisfies CaseNoteEntry;
  });
  if (stored) return stored;
  return earlierNote(actor, caseId, idempotencyKey!, body);
}

/** The note an idempotency key already stored: the same note again, or a 409 for other text. */
async function earlierNote(actor: CurrentUser, caseId: number, key: string, text: string): Promise<CaseNoteEntry> {
  await requireVisibleCase(actor, caseId);
  const [earlier] = await notesOfCase(caseId, undefined, key);
  if (!earlier || earlier.text !== text) {
    throw new AppError("conflict", "This note's key was already used for another note: add the new text as a new note.");
  }
  return earlier;
}
