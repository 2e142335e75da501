// Messages API inbound webhooks (VONAGE.md), parsed with zod into one shape. The envelope
// (who, to whom, which message) must be there; the content is read leniently so that every
// kind of message — text, image, audio, video, file, location, sticker, reply, order,
// unsupported — is accepted and kept, never dropped.
import { z } from "zod";
import type { MessageMedia } from "@/lib/db/schema";
import { webhookNumber } from "@/lib/phone/normalise";
import { saneTimestamp } from "./json-shape";

const number = z.union([z.string().min(1), z.number()]).transform(webhookNumber);
const optionalText = z.string().optional().catch(undefined);

const mediaObject = z.looseObject({
  url: optionalText,
  caption: optionalText,
  name: optionalText,
});

const envelope = z.looseObject({
  channel: z.enum(["sms", "mms", "whatsapp"]),
  message_uuid: z.string().min(1).max(200),
  to: number,
  from: number,
  timestamp: z.string().optional().catch(undefined),
  message_type: z.string().max(50).optional().catch(undefined),
  text: z.string().optional().catch(undefined),
  profile: z.looseObject({ name: optionalText }).optional().catch(undefined),
  image: mediaObject.optional().catch(undefined),
  audio: mediaObject.optional().catch(undefined),
  video: mediaObject.optional().catch(undefined),
  file: mediaObject.optional().catch(undefined),
  sticker: mediaObject.optional().catch(undefined),
  vcard: mediaObject.optional().catch(undefined),
  location: z
    .looseObject({ lat: z.coerce.number().optional(), long: z.coerce.number().optional(), name: optionalText, address: optionalText })
    .optional()
    .catch(undefined),
  reply: z.looseObject({ id: optionalText, title: optionalText, description: optionalText }).optional().catch(undefined),
  button: z.looseObject({ payload: optionalText, text: optionalText }).optional().catch(undefined),
  order: z.looseObject({ product_items: z.array(z.unknown()).optional().catch(undefined) }).optional().catch(undefined),
});

export type InboundMessage = {
  messageUuid: string;
  channel: "sms" | "mms" | "whatsapp";
  ourNumber: string;
  theirNumber: string;
  /** When the person sent it, by Vonage's clock; null when absent or unreadable. */
  sentAt: Date | null;
  messageType: string;
  text: string | null;
  media: MessageMedia | null;
  profileName: string | null;
};

export type InboundParse = { ok: true; message: InboundMessage } | { ok: false; reason: string };

/**
 * PostgreSQL cannot store NUL characters or half of a surrogate pair (some gateways send
 * both); they are replaced so that such a message is kept rather than refused forever.
 */
export function storableText(text: string): string {
  return text.toWellFormed().replace(/\u0000/g, "\uFFFD");
}

/** The same for every string inside a parsed JSON body. */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]));
  }
  return value;
}

export function parseInboundPayload(payload: unknown): InboundParse {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not an inbound message: ${issue?.path.join(".") || "body"} ${issue?.message ?? ""}`.trim() };
  }
  const p = parsed.data;
  const messageType = p.message_type ?? "text";
  const { text: rawText, media } = content(messageType, p);
  const text = rawText === null ? null : storableText(rawText);
  const sentAt = saneTimestamp(p.timestamp);
  return {
    ok: true,
    message: {
      messageUuid: p.message_uuid,
      channel: p.channel,
      ourNumber: p.to,
      theirNumber: p.from,
      sentAt,
      messageType,
      text,
      media,
      profileName: p.profile?.name ?? null,
    },
  };
}

type Envelope = z.infer<typeof envelope>;

function content(type: string, p: Envelope): { text: string | null; media: MessageMedia | null } {
  switch (type) {
    case "text":
      return { text: p.text ?? "", media: null };
    case "image":
    case "audio":
    case "video":
    case "file":
    case "sticker":
    case "vcard": {
      const m = p[type];
      return {
        text: m?.caption ?? null,
        media: { type, url: m?.url, caption: m?.caption, name: m?.name },
      };
    }
    case "location":
      return {
        text: null,
        media: {
          type,
          latitude: p.location?.lat,
          longitude: p.location?.long,
          name: p.location?.name,
          address: p.location?.address,
        },
      };
    case "reply":
      return { text: p.reply?.title ?? p.reply?.id ?? null, media: null };
    case "button":
      return { text: p.button?.text ?? p.button?.payload ?? null, media: null };
    case "order": {
      const items = p.order?.product_items?.length ?? 0;
      return { text: null, media: { type, name: `Order of ${items} item${items === 1 ? "" : "s"}` } };
    }
    default:
      // "unsupported" and kinds Vonage adds later: kept with their type, shown as an attachment.
      return { text: p.text ?? null, media: { type } };
  }
}
