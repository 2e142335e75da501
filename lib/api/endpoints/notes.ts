// /api/v1/cases/{id}/notes (SPEC §9, §15): a note in the case's thread, through the same lib
// function as the console.
import "server-only";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/http/app-error";
import { addNote } from "@/lib/notes/add-note";
import { MAX_NOTE_LENGTH } from "@/lib/notes/note-entry";
import { endpoint } from "../endpoint";
import { caseNoteSchema } from "../schemas/cases";
import { idParam } from "../schemas/common";

export const addNoteEndpoint = endpoint(
  {
    method: "post",
    path: "/cases/{id}/notes",
    tag: "Cases",
    summary: "Add a note",
    description: `A note in the case's thread for the team: never sent to the person. \`@\` followed by the name of a user who may see the case mentions them (longest name wins, case-insensitive); naming anyone else mentions nobody. The text is trimmed and must then hold 1 to ${MAX_NOTE_LENGTH} characters (400 otherwise). A case the user may not see answers 404.`,
    params: z.object({ id: idParam.meta({ description: "The case's number (#123 is 123)." }) }),
    // The length is checked after trimming, by the lib function (a 400 with its own words);
    // the schema only refuses what could never fit.
    body: z
      .object({
        text: z.string().min(1).max(MAX_NOTE_LENGTH * 2),
        idempotencyKey: z
          .string()
          .regex(/^[A-Za-z0-9_-]{16,100}$/, "16 to 100 letters, digits, - or _ (a UUID without braces works)")
          .optional()
          .meta({ description: "Optional, unique per note: the same key again answers with the stored note and adds nothing; with other text, 409." }),
      })
      .strict(),
    bodyExamples: {
      note: { text: "Called them back; @Ada Admin can you check the invoice?" },
      retried: { text: "Engineer booked for Tuesday.", idempotencyKey: "9b2f1c4e-5a7d-4e2b-8c1f-3d6a0b9e7f12" },
    },
    response: { status: 201, description: "The note, with the users it mentions.", schema: caseNoteSchema },
    errors: [404, 409],
  },
  async ({ actor, params, body }) => {
    try {
      return await addNote(actor, { caseId: params.id, text: body.text, idempotencyKey: body.idempotencyKey });
    } catch (error) {
      // The lib's words about the text, naming the field as a schema failure would.
      if (isAppError(error) && error.code === "bad_request") throw new AppError("bad_request", `Invalid body: text: ${error.message}`);
      throw error;
    }
  },
);
