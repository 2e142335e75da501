import type { MessageMedia } from "@/lib/db/schema";

const KIND: Record<string, string> = {
  image: "Image",
  audio: "Audio",
  video: "Video",
  file: "File",
  sticker: "Sticker",
  vcard: "Contact card",
  location: "Location",
  order: "Order",
  unsupported: "Unsupported message",
};

/** A media message shown as an attachment: its kind, name and a link, never dropped. */
export function MessageAttachment({ media }: { media: MessageMedia }) {
  const kind = KIND[media.type] ?? media.type;
  const safeUrl = media.url && /^https?:\/\//i.test(media.url) ? media.url : null;
  const location =
    media.type === "location" && media.latitude !== undefined && media.longitude !== undefined
      ? `${media.latitude}, ${media.longitude}`
      : null;
  return (
    <div className="mt-1 rounded-md bg-white/70 px-3 py-2 text-sm ring-1 ring-inset ring-slate-200">
      <p className="font-medium text-slate-800">
        <span aria-hidden>📎 </span>
        {kind}
        {media.name ? <span className="font-normal text-slate-600"> · {media.name}</span> : null}
      </p>
      {location ? (
        <p className="text-slate-600">
          {location}
          {media.address ? ` — ${media.address}` : ""}
        </p>
      ) : null}
      {safeUrl ? (
        <a href={safeUrl} target="_blank" rel="noopener noreferrer" className="break-all text-indigo-700 underline hover:text-indigo-600">
          Open attachment
        </a>
      ) : media.type === "unsupported" ? (
        <p className="text-slate-600">WhatsApp could not pass this message on. Ask the person to send it another way.</p>
      ) : null}
    </div>
  );
}
