import { stripReferences } from "./references";

export const MAX_TITLE_LENGTH = 60;

const MEDIA_TITLES: Record<string, string> = {
  image: "Image",
  audio: "Audio message",
  video: "Video",
  file: "File",
  sticker: "Sticker",
  location: "Location",
  vcard: "Contact card",
  order: "Order",
  unsupported: "Unsupported message",
};

/**
 * A new case's title: the first message's text with references removed, whitespace
 * collapsed, at most 60 characters (an ellipsis when cut). A message without text is named
 * after its kind ("Image").
 */
export function caseTitle(text: string | null | undefined, messageType = "text"): string {
  const cleaned = stripReferences(text ?? "").replace(/\s+/g, " ").trim();
  if (!cleaned) return MEDIA_TITLES[messageType] ?? "New message";
  const characters = Array.from(cleaned); // by code point, so an emoji is never cut in half
  if (characters.length <= MAX_TITLE_LENGTH) return cleaned;
  return `${characters.slice(0, MAX_TITLE_LENGTH - 1).join("").trimEnd()}…`;
}
