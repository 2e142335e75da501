"use client";

import { formatBytes, KIND_LABELS } from "@/lib/media/media-kinds";
import { isInlineType } from "@/lib/media/serve-rules";
import type { ThreadMedia } from "@/lib/media/thread-media";
import { RetryButton } from "./retry-button";

/**
 * What a message carries (SPEC §11): its stored file shown as it is — an image inline (a click
 * opens it whole in a new tab), audio and video in the browser's own players, any other file
 * with its name, size and a download — or, while it is being copied or when it could not be,
 * that state (with Retry). Locations, contact cards and orders as their details.
 */
export function MessageAttachment({ media, messageId, caseId }: { media: ThreadMedia; messageId: number; caseId: number }) {
  const kind = KIND_LABELS[media.type] ?? media.type;
  if (media.fileId !== undefined && media.url) {
    if (media.state === "saved") return <SavedFile media={media} url={media.url} kind={kind} />;
    if (media.state === "pending") return <SavingFile media={media} kind={kind} />;
    return <FailedFile media={media} kind={kind} messageId={messageId} caseId={caseId} />;
  }
  const location =
    media.type === "location" && media.latitude !== undefined && media.longitude !== undefined ? `${media.latitude}, ${media.longitude}` : null;
  return (
    <Card>
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
      {media.sourceUrl ? (
        <a href={media.sourceUrl} target="_blank" rel="noopener noreferrer" className="break-all text-indigo-700 underline hover:text-indigo-600">
          Open attachment
        </a>
      ) : media.type === "unsupported" ? (
        <p className="text-slate-600">WhatsApp could not pass this message on. Ask the person to send it another way.</p>
      ) : null}
    </Card>
  );
}

function Card({ children, tone = "plain" }: { children: React.ReactNode; tone?: "plain" | "failed" }) {
  return (
    <div
      className={`mt-1 min-w-0 rounded-md px-3 py-2 text-sm ring-1 ring-inset ${tone === "failed" ? "bg-rose-50 text-rose-900 ring-rose-200" : "bg-white/80 text-slate-800 ring-slate-200"}`}
      data-testid="attachment"
    >
      {children}
    </div>
  );
}

function describe(media: ThreadMedia, kind: string): string {
  return media.name ? `${kind} “${media.name}”` : kind.toLowerCase() === "file" ? "file" : kind.toLowerCase();
}

function SavedFile({ media, url, kind }: { media: ThreadMedia; url: string; kind: string }) {
  const playable = isInlineType(media.contentType ?? null);
  const type = media.contentType?.split("/")[0];
  const alt = media.caption || media.name || (media.type === "sticker" ? "Sticker" : "Image from the conversation");
  if (playable && type === "image") {
    const sticker = media.type === "sticker";
    return (
      <a
        href={url}
        target="_blank"
        rel="noopener"
        className="mt-1 block w-fit max-w-full rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        title="Open the full image in a new tab"
        data-testid="attachment"
      >
        {/* The file itself, scaled down: the bytes are already Caseline's, no thumbnail needed. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={url}
          alt={alt}
          loading="lazy"
          decoding="async"
          className={sticker ? "h-auto max-h-28 w-auto max-w-28" : "h-auto max-h-64 w-auto max-w-full rounded-lg bg-slate-100 object-contain sm:max-w-xs"}
          data-testid="media-image"
        />
      </a>
    );
  }
  if (playable && type === "audio") {
    return (
      <div className="mt-1 w-72 max-w-full" data-testid="attachment">
        <audio controls preload="metadata" src={url} className="w-full" aria-label={`Audio${media.name ? ` ${media.name}` : ""}`} data-testid="media-audio" />
        <DownloadLine media={media} url={url} kind={kind} />
      </div>
    );
  }
  if (playable && type === "video") {
    return (
      <div className="mt-1 max-w-full" data-testid="attachment">
        <video controls preload="metadata" src={url} className="max-h-72 w-80 max-w-full rounded-lg bg-black" aria-label={`Video${media.name ? ` ${media.name}` : ""}`} data-testid="media-video" />
        <DownloadLine media={media} url={url} kind={kind} />
      </div>
    );
  }
  return (
    <Card>
      <div className="flex items-center gap-3">
        <FileIcon />
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium" title={media.name ?? undefined}>
            {media.name ?? kind}
          </p>
          <p className="text-xs text-slate-500">
            {[media.size !== undefined ? formatBytes(media.size) : null, media.contentType].filter(Boolean).join(" · ")}
          </p>
        </div>
        <a
          href={url}
          download
          className="flex-none rounded-md bg-white px-2.5 py-1 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          aria-label={`Download ${describe(media, kind)}`}
        >
          Download
        </a>
      </div>
    </Card>
  );
}

function DownloadLine({ media, url, kind }: { media: ThreadMedia; url: string; kind: string }) {
  return (
    <p className="mt-0.5 text-xs opacity-80">
      <a href={url} download className="underline hover:no-underline" aria-label={`Download ${describe(media, kind)}`}>
        Download
      </a>
      {media.size !== undefined ? ` · ${formatBytes(media.size)}` : ""}
    </p>
  );
}

function SavingFile({ media, kind }: { media: ThreadMedia; kind: string }) {
  return (
    <Card>
      <p className="flex items-center gap-2 font-medium" role="status">
        <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600 motion-reduce:animate-none" />
        Saving {describe(media, kind)}…
      </p>
      {media.failureReason ? <p className="mt-0.5 text-xs text-slate-600">Last try: {media.failureReason}. Trying again.</p> : null}
    </Card>
  );
}

function FailedFile({ media, kind, messageId, caseId }: { media: ThreadMedia; kind: string; messageId: number; caseId: number }) {
  return (
    <Card tone="failed">
      <p className="font-medium">
        {kind}
        {media.name ? <span className="font-normal"> · {media.name}</span> : null}
      </p>
      <p className="text-xs" data-testid="media-failure">
        Could not be saved — {media.failureReason ?? "no reason given"}
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
        <RetryButton messageId={messageId} caseId={caseId} what="file" />
        {media.sourceUrl ? (
          <a href={media.sourceUrl} target="_blank" rel="noopener noreferrer" className="text-xs text-indigo-700 underline hover:text-indigo-600">
            Open the original link
          </a>
        ) : null}
      </div>
    </Card>
  );
}

function FileIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-8 flex-none fill-none stroke-current text-slate-400" strokeWidth="1.5">
      <path d="M6 2.75h8.5L19.25 7.5v13.75H6z" />
      <path d="M14.25 2.75V7.75h5" />
    </svg>
  );
}
