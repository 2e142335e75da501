"use client";

// Admin > Surveys > the survey: its canned replies (SPEC §9) — listed by name, added, edited in
// place and deleted after a confirmation.
import { useEffect, useRef, useState } from "react";
import { createCannedReplyAction, deleteCannedReplyAction, updateCannedReplyAction } from "@/app/(app)/admin/surveys/[id]/actions";
import { ActionForm, useActionForm } from "@/components/ui/action-form";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClasses } from "@/components/ui/field";
import { showDirectionControls } from "@/lib/display/format";
import { MAX_CANNED_NAME, MAX_CANNED_TEXT, type CannedReplyEntry } from "@/lib/canned/rules";

export function CannedRepliesSection({ surveyId, replies }: { surveyId: number; replies: CannedReplyEntry[] }) {
  return (
    <section aria-labelledby="canned-replies-title" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="canned-replies-title" className="text-sm font-semibold text-slate-900">
          Canned replies
        </h2>
        <p className="mt-0.5 text-xs text-slate-500">
          Typing <kbd className="rounded bg-slate-100 px-1 font-mono text-slate-700">/</kbd> at the start of a reply lists them by name; choosing one
          inserts its text.
        </p>
      </div>
      {replies.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500" data-testid="canned-replies-empty">
          No canned replies yet: add the first one below.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Canned replies of this survey">
          {replies.map((reply) => (
            <CannedReplyRow key={reply.id} reply={reply} />
          ))}
        </ul>
      )}
      <div className="border-t border-slate-200 bg-slate-50/60 px-4 py-4">
        <h3 className="mb-3 text-sm font-semibold text-slate-900">Add a canned reply</h3>
        <ActionForm action={createCannedReplyAction} submitLabel="Add canned reply" pendingLabel="Adding…" resetOnSuccess>
          {(state) => (
            <>
              <input type="hidden" name="surveyId" value={surveyId} />
              {/* A new set of fields after each addition: empty, with the count back at 0. */}
              <CannedReplyFields key={state?.ok ? state.message : "new"} errors={state?.fieldErrors ?? {}} />
            </>
          )}
        </ActionForm>
      </div>
    </section>
  );
}

/** Name and text, with a character count for the text. */
function CannedReplyFields({ reply, errors }: { reply?: CannedReplyEntry; errors: Record<string, string> }) {
  const [length, setLength] = useState(reply?.text.length ?? 0);
  const over = length > MAX_CANNED_TEXT;
  return (
    <>
      <Field label="Name" hint={`What you type after / to find it; up to ${MAX_CANNED_NAME} characters.`} name="name" error={errors.name}>
        {(props) => <input {...props} defaultValue={reply?.name ?? ""} autoComplete="off" autoFocus={Boolean(reply)} className={inputClasses} />}
      </Field>
      <Field label="Text" name="text" error={errors.text}>
        {(props) => (
          <>
            <textarea
              {...props}
              rows={reply ? 4 : 3}
              defaultValue={reply?.text ?? ""}
              onChange={(event) => setLength(event.target.value.trim().length)}
              className={inputClasses}
            />
            <p className={`mt-1 text-right text-xs ${over ? "font-medium text-rose-700" : "text-slate-500"}`} aria-live="polite">
              {length} / {MAX_CANNED_TEXT}
            </p>
          </>
        )}
      </Field>
    </>
  );
}

function CannedReplyRow({ reply }: { reply: CannedReplyEntry }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const close = (wasSaved: boolean) => {
    setEditing(false);
    setSaved(wasSaved);
    // Back to where the keyboard was before editing.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return (
    <li className="px-4 py-3" data-testid="canned-reply">
      {editing ? (
        <EditCannedReply reply={reply} onDone={close} />
      ) : (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              <span className="font-mono text-slate-400" aria-hidden="true">
                /
              </span>
              <bdi className="wrap-anywhere">{showDirectionControls(reply.name)}</bdi>
              {saved ? (
                <span role="status" className="ml-2 text-xs font-normal text-emerald-700">
                  Saved
                </span>
              ) : null}
            </p>
            <p dir="auto" className="mt-1 line-clamp-3 whitespace-pre-wrap wrap-anywhere text-sm text-slate-600">
              {showDirectionControls(reply.text)}
            </p>
          </div>
          <div className="flex flex-none items-center gap-1 sm:ml-4">
            <button
              ref={editButton}
              type="button"
              className={buttonClasses("secondary", "px-2.5 py-1 text-xs")}
              onClick={() => setEditing(true)}
              aria-label={`Edit ${reply.name}`}
            >
              Edit
            </button>
            <Button variant="ghost" className="px-2.5 py-1 text-xs text-rose-700" onClick={() => setDeleting(true)} aria-label={`Delete ${reply.name}`}>
              Delete
            </Button>
          </div>
        </div>
      )}
      <DeleteCannedReply reply={reply} open={deleting} onClose={() => setDeleting(false)} />
    </li>
  );
}

/** The row's own form while editing: mounted fresh each time, so old errors never linger. */
function EditCannedReply({ reply, onDone }: { reply: CannedReplyEntry; onDone: (saved: boolean) => void }) {
  const { state, onSubmit, pending } = useActionForm(updateCannedReplyAction);
  useEffect(() => {
    if (state?.ok) onDone(true);
  }, [state, onDone]);
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone(false);
      }}
      className="space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200"
      aria-label={`Edit ${reply.name}`}
      noValidate
    >
      <input type="hidden" name="replyId" value={reply.id} />
      <CannedReplyFields reply={reply} errors={state?.fieldErrors ?? {}} />
      {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => onDone(false)}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

function DeleteCannedReply({ reply, open, onClose }: { reply: CannedReplyEntry; open: boolean; onClose: () => void }) {
  const { state, onSubmit, pending } = useActionForm(deleteCannedReplyAction);
  return (
    <Dialog open={open && !state?.ok} onClose={onClose} title={`Delete “${reply.name}”?`}>
      <form onSubmit={onSubmit} className="space-y-4">
        <input type="hidden" name="replyId" value={reply.id} />
        <p className="text-sm text-slate-700">It leaves the list that / shows in the composer. Replies already sent with it stay as they are.</p>
        {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Deleting…" : "Delete canned reply"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
