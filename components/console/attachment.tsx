"use client";

// SPEC §11 Outbound in the composer: a file picked or dropped is checked with the same rules
// the server applies (lib/media/outbound-rules.ts), uploaded with its progress to the
// console's upload route (the same lib function as POST /api/v1/uploads), and shown as a chip
// with its name and size until the reply is sent or the file removed.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ACCEPT_ATTRIBUTE, checkAttachment, formatBytes, normaliseContentType, SMS_REFUSAL, type MediaKind } from "@/lib/media/outbound-rules";

export type UploadedFile = { id: number; name: string; contentType: string; size: number; sha256: string; kind: MediaKind };

export type Attachment =
  | { state: "uploading"; file: File; progress: number }
  | { state: "ready"; file: File; upload: UploadedFile }
  | { state: "failed"; file: File; error: string };

/** Ready attachments outlive the composer, like drafts: switching case and back keeps them. */
const readyAttachments = new Map<number, Attachment>();

/** Streams the file to the console's upload route (XMLHttpRequest: it reports upload progress). */
function uploadWithProgress(file: File, contentType: string, onProgress: (fraction: number) => void) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadedFile>((resolve, reject) => {
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadedFile & { error?: { message?: string } }) | null;
      if (xhr.status === 201 && body) resolve(body);
      else reject(new Error(body?.error?.message ?? `The upload failed (${xhr.status || "no answer"}): try again.`));
    };
    xhr.onerror = () => reject(new Error("The upload failed: the server could not be reached. Check your connection and try again."));
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

/** The composer's attachment for case `caseId`: pick, drop, upload, remove. */
export function useAttachment(caseId: number, channel: "sms" | "whatsapp" | null) {
  const [attachment, setAttachmentState] = useState<Attachment | null>(() => readyAttachments.get(caseId) ?? null);
  /** Why a file was not taken at all (SMS), shown beside the attach button. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const abort = useRef<(() => void) | null>(null);

  const setAttachment = useCallback(
    (next: Attachment | null) => {
      if (next?.state === "ready") readyAttachments.set(caseId, next);
      else readyAttachments.delete(caseId);
      setAttachmentState(next);
    },
    [caseId],
  );

  // An upload still running when the composer goes (another case) is stopped.
  useEffect(() => () => abort.current?.(), []);

  const attach = useCallback(
    (file: File) => {
      setRefusal(null);
      if (channel !== "whatsapp") {
        setRefusal(SMS_REFUSAL);
        return;
      }
      abort.current?.();
      const contentType = normaliseContentType(file.type, file.name);
      const check = checkAttachment({ channel, contentType, size: file.size });
      if (!check.ok) {
        setAttachment({ state: "failed", file, error: check.reason });
        return;
      }
      setAttachment({ state: "uploading", file, progress: 0 });
      const started = uploadWithProgress(file, contentType!, (progress) =>
        setAttachmentState((current) => (current?.state === "uploading" && current.file === file ? { ...current, progress } : current)),
      );
      abort.current = started.abort;
      started.promise.then(
        (upload) => {
          abort.current = null;
          setAttachment({ state: "ready", file, upload });
        },
        (error: Error) => {
          if (error.name === "AbortError") return;
          abort.current = null;
          setAttachment({ state: "failed", file, error: error.message });
        },
      );
    },
    [channel, setAttachment],
  );

  const remove = useCallback(() => {
    abort.current?.();
    abort.current = null;
    setAttachment(null);
    setRefusal(null);
  }, [setAttachment]);

  return { attachment, attach, remove, refusal, setRefusal };
}

const KIND_ICON: Record<MediaKind, string> = { image: "🖼", audio: "🎵", video: "🎬", file: "📄" };

/** The paperclip: opens the file picker; on SMS it says why files cannot go. */
export function AttachButton({ channel, onFile, onRefused, disabled }: { channel: "sms" | "whatsapp" | null; onFile: (file: File) => void; onRefused: () => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const allowed = channel === "whatsapp";
  return (
    <>
      <button
        type="button"
        onClick={() => (allowed ? input.current?.click() : onRefused())}
        disabled={disabled}
        // Not `disabled` on SMS: it stays focusable and says why when pressed.
        aria-disabled={!allowed || undefined}
        title={allowed ? "Attach a file: images up to 5 MB, audio and video up to 16 MB, documents up to 100 MB (or drop one here)" : SMS_REFUSAL}
        className={`inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50 ${
          allowed ? "text-slate-700 ring-slate-300 hover:bg-slate-50" : "cursor-not-allowed text-slate-400 ring-slate-200"
        }`}
      >
        <PaperclipIcon />
        Attach
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT_ATTRIBUTE}
        className="hidden"
        tabIndex={-1}
        aria-hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) onFile(file);
        }}
        data-testid="attach-input"
      />
    </>
  );
}

/** The attached file: name and size, its upload's progress or error, and Remove. */
export function AttachmentChip({ attachment, onRemove }: { attachment: Attachment; onRemove: () => void }) {
  const { file } = attachment;
  const isImage = /^image\/(png|jpe?g)$/.test(file.type);
  // A thumbnail of a picked image; its blob: URL is let go once the image has loaded.
  const preview = useMemo(() => (isImage ? URL.createObjectURL(file) : null), [file, isImage]);
  const failed = attachment.state === "failed";
  const kind = attachment.state === "ready" ? attachment.upload.kind : null;
  const percent = attachment.state === "uploading" ? Math.round(attachment.progress * 100) : null;
  return (
    <div
      className={`flex items-start gap-3 rounded-md px-3 py-2 text-sm ring-1 ring-inset ${failed ? "bg-rose-50 ring-rose-200" : "bg-slate-50 ring-slate-200"}`}
      data-testid="attachment"
      data-state={attachment.state}
    >
      {preview ? (
        // eslint-disable-next-line @next/next/no-img-element -- a local blob: URL, not an optimisable image
        <img
          src={preview}
          alt=""
          onLoad={() => URL.revokeObjectURL(preview)}
          onError={() => URL.revokeObjectURL(preview)}
          className="h-10 w-10 flex-none rounded object-cover ring-1 ring-slate-200"
        />
      ) : (
        <span aria-hidden className="flex h-10 w-10 flex-none items-center justify-center rounded bg-white text-lg ring-1 ring-slate-200">
          {kind ? KIND_ICON[kind] : "📎"}
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-slate-900" title={file.name}>
          {file.name}
        </p>
        {attachment.state === "uploading" ? (
          <div className="mt-1 space-y-1">
            <p className="text-xs text-slate-600" role="status">
              Uploading… {percent}% of {formatBytes(file.size)}
            </p>
            <div role="progressbar" aria-label={`Uploading ${file.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? 0} className="h-1.5 overflow-hidden rounded bg-slate-200">
              <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
            </div>
          </div>
        ) : attachment.state === "ready" ? (
          <p className="text-xs text-slate-600">
            {formatBytes(attachment.upload.size)} · ready to send{attachment.upload.kind === "audio" ? " (audio goes without text)" : ""}
          </p>
        ) : (
          <p role="alert" className="text-xs font-medium text-rose-800">
            {attachment.error}
          </p>
        )}
      </div>
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove ${file.name}`}
        className="flex-none rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-white hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        Remove
      </button>
    </div>
  );
}

function PaperclipIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="h-4 w-4">
      <path d="M14.5 9.5 9 15a3.5 3.5 0 0 1-5-5l6.5-6.5a2.3 2.3 0 0 1 3.3 3.3L7.3 13.3a1.2 1.2 0 0 1-1.6-1.6L11.5 6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
