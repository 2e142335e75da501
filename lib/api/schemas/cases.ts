// The case shapes of the API: exactly what lib/cases/read-queries.ts returns to the console
// (the endpoints pass its results through, and the TypeScript types are checked against these).
import { z } from "zod";
import { AUTOMATIC_KINDS } from "@/lib/db/schema";
import { dateTime, userRef } from "./common";

const channel = z.enum(["sms", "whatsapp"]).nullable();

export const caseListItemSchema = z
  .object({
    id: z.number().int(),
    reference: z.string().meta({ example: "#1042" }),
    surveyId: z.number().int(),
    title: z.string(),
    theirNumber: z.string().nullable().meta({ description: "The person's number, E.164 digits without +." }),
    ourNumber: z.string().nullable(),
    channel,
    status: z.string().nullable(),
    open: z.boolean(),
    lastActivityAt: dateTime,
    messageCount: z.number().int(),
    assignee: userRef.nullable().meta({ description: "The user the case is assigned to (SPEC §9); null when unassigned." }),
    unread: z.boolean().meta({ description: "Activity since the token's user last opened the case." }),
    responseDueAt: dateTime
      .nullable()
      .meta({ description: "SPEC §13: when a reply is due by the survey's service levels; null when nothing is awaited (answered, closed, or no service level)." }),
    overdue: z.boolean().meta({ description: "Past `responseDueAt`: the console shows it as Overdue." }),
    match: z
      .object({
        source: z.enum(["message", "note"]).meta({ description: "A message of the thread, or a note." }),
        id: z.number().int().meta({ description: "The message's (or note's) id." }),
        snippet: z
          .array(z.object({ text: z.string(), hit: z.boolean().meta({ description: "A word of the search." }) }))
          .meta({
            description: "The matching text around the words, in order, as plain text (never HTML): join the parts' text to read it.",
            example: [
              { text: "Hi, my ", hit: false },
              { text: "boiler", hit: true },
              { text: " is broken again", hit: false },
            ],
          }),
      })
      .optional()
      .meta({
        description:
          "Only when `q` searched words: the case's latest message holding all of them (or, failing that, its latest note). Absent when only the title, the notes or the number matched.",
      }),
  })
  .meta({ id: "CaseListItem" });

export const caseListSchema = z
  .object({
    items: z.array(caseListItemSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "CaseList" });

const mediaSchema = z
  .object({
    type: z.string().meta({ description: "Vonage's message type: image, audio, video, file, sticker, location, vcard, order, unsupported …", example: "image" }),
    caption: z.string().optional(),
    name: z.string().optional().meta({ description: "The file's name, when the sender gave one." }),
    latitude: z.number().optional(),
    longitude: z.number().optional(),
    address: z.string().optional(),
    fileId: z.number().int().optional().meta({ description: "The stored file (image, audio, video, file, sticker)." }),
    url: z
      .string()
      .optional()
      .meta({
        description:
          "Caseline's own address of the file, relative to the server (GET it with the same token; 409 until `state` is `saved`). Never the provider's link.",
        example: "/api/v1/media/311",
      }),
    state: z
      .enum(["pending", "saved", "failed"])
      .optional()
      .meta({ description: "`pending`: being copied from the provider (retried for 48 hours); `saved`: kept by Caseline; `failed`: could not be kept (see `failureReason`)." }),
    contentType: z.string().optional().meta({ description: "Once saved: the media type the provider gave.", example: "image/jpeg" }),
    size: z.number().int().optional().meta({ description: "Once saved: bytes." }),
    sha256: z.string().optional().meta({ description: "Once saved: SHA-256 of the bytes, hex (also the file's ETag)." }),
    failureReason: z
      .string()
      .optional()
      .meta({ description: "Failed: why, in words; pending: why the last attempt failed.", example: "Vonage answered 404 Not Found" }),
    sourceUrl: z
      .string()
      .optional()
      .meta({ description: "For a file not (yet) kept: the provider's link, while it may still work (48 hours from arrival)." }),
  })
  .meta({ id: "MessageMedia" });

export const messageTemplateSchema = z
  .object({
    name: z.string(),
    locale: z.string().meta({ description: "WhatsApp's language code, e.g. en, en_GB, pt_BR." }),
    parameters: z.array(z.string()),
  })
  .meta({ id: "MessageTemplate" });

export const threadMessageSchema = z
  .object({
    id: z.number().int(),
    direction: z.enum(["inbound", "outbound"]),
    channel: z.enum(["sms", "mms", "whatsapp"]),
    text: z.string().nullable(),
    status: z.enum(["received", "queued", "submitted", "delivered", "read", "rejected", "undeliverable", "failed"]),
    automatic: z.boolean(),
    automaticKind: z
      .enum(AUTOMATIC_KINDS)
      .nullable()
      .meta({
        description:
          "Why Caseline sent it, on automatic messages: `multi_case` (several open cases), `opt_out_confirmation` (after STOP), `help` (the answer to HELP), `out_of_hours`. Null on people's messages.",
      }),
    at: dateTime,
    profileName: z.string().nullable(),
    sentBy: userRef.nullable(),
    media: mediaSchema.optional(),
    template: messageTemplateSchema.optional().meta({ description: "Set when the message was sent as a WhatsApp template (SPEC §10); `text` is its body with the parameters filled in." }),
    error: z.object({ code: z.string().nullable(), detail: z.string().nullable() }).optional(),
  })
  .meta({ id: "Message" });

export const caseEventSchema = z
  .object({
    id: z.number().int(),
    type: z.string().meta({ example: "status_changed" }),
    at: dateTime,
    data: z.record(z.string(), z.unknown()),
    messageId: z.number().int().nullable(),
    actor: userRef.nullable(),
  })
  .meta({ id: "CaseEvent" });

export const caseNoteSchema = z
  .object({
    id: z.number().int(),
    kind: z.literal("note"),
    text: z.string(),
    at: dateTime,
    author: userRef.nullable().meta({ description: "Null when the author's user was deleted." }),
    mentions: z.array(userRef).meta({ description: "Users the note mentions with `@name` (only users who may see the case)." }),
  })
  .meta({ id: "CaseNote" });

export const caseDetailSchema = caseListItemSchema
  .omit({ messageCount: true, unread: true, match: true })
  .extend({
    responseDueKind: z
      .enum(["first_response", "next_response"])
      .nullable()
      .meta({ description: "Which service level `responseDueAt` is for: the first reply of a new case, or the next reply after a message." }),
    createdAt: dateTime,
    answers: z.record(z.string(), z.unknown()),
    notes: z.string(),
    messages: z.array(threadMessageSchema),
    events: z.array(caseEventSchema),
    threadNotes: z.array(caseNoteSchema).meta({ description: "The team's notes in the thread, oldest first: never sent to the person. (`notes` is the case's free-text field.)" }),
    team: z.array(userRef).meta({ description: "Active users who may see the case: whom it can be assigned to, whom a note can mention." }),
    whatsappWindow: z
      .object({ open: z.boolean(), closesAt: dateTime.nullable(), lastInboundAt: dateTime.nullable() })
      .nullable()
      .meta({ description: "WhatsApp cases: whether free text may be sent now (24 hours from the person's last message)." }),
    optedOut: z
      .object({
        since: dateTime,
        keyword: z.string().meta({ description: "The word they sent, as Caseline recognised it.", example: "STOP" }),
      })
      .nullable()
      .meta({
        description:
          "SPEC §12: the person opted out of messages from the case's number (an SMS keyword such as STOP). While set, replies answer 409 with the reason; they opt back in by sending START.",
      }),
  })
  .meta({ id: "Case" });
