"use client";

// The composer's Template mode on WhatsApp cases (SPEC §10): choose one of the templates the
// case's number may send, fill in each parameter, see the message as the person will read it,
// send. It goes the way of every reply (sendNotificationAction → queueReply: idempotency key per
// draft, queue, statuses) — allowed whether the 24-hour window is open or not.
import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { formatNumber, showDirectionControls } from "@/lib/display/format";
import { fillTemplate, parameterProblem, previewParts, type TemplateEntry } from "@/lib/templates/rules";
import { caseTemplatesQuery } from "./query-options";
import { newKey, useReplySender } from "./reply-parts";
import type { PendingReply } from "./thread";

type TemplateDraft = { templateId: number | null; values: string[]; key: string };

/** Like the text drafts: kept per case while the console is open, with their idempotency key. */
const drafts = new Map<number, TemplateDraft>();
function readDraft(caseId: number): TemplateDraft {
  let draft = drafts.get(caseId);
  if (!draft) {
    draft = { templateId: null, values: [], key: newKey() };
    drafts.set(caseId, draft);
  }
  return draft;
}

export function TemplateComposer({
  caseId,
  ourNumber,
  whatsappWindow,
  onPending,
  onSettled,
}: {
  caseId: number;
  ourNumber: string | null;
  whatsappWindow: CaseDetail["whatsappWindow"];
  onPending: (reply: PendingReply) => void;
  onSettled: (key: string, messageId: number | null) => void;
}) {
  const templates = useQuery(caseTemplatesQuery(caseId));
  const [draft, setDraftState] = useState<TemplateDraft>(() => readDraft(caseId));
  const [attempted, setAttempted] = useState(false);
  const [sending, setSending] = useState(false);
  const { sendTemplate, error, setError } = useReplySender(caseId);
  const selectId = useId();
  const fieldsRef = useRef<HTMLFieldSetElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);

  const setDraft = (next: TemplateDraft) => {
    drafts.set(caseId, next);
    setDraftState(next);
  };

  const list = templates.data ?? [];
  // One template for this number: chosen already, so the first thing to do is to fill it in.
  const chosenId = draft.templateId ?? (list.length === 1 ? list[0]!.id : null);
  const chosen: TemplateEntry | undefined = list.find((t) => t.id === chosenId);

  const values = chosen ? Array.from({ length: chosen.parameterCount }, (_, i) => draft.values[i] ?? "") : [];
  const filled = chosen ? fillTemplate(chosen.body, values) : null;
  const windowClosed = whatsappWindow !== null && !whatsappWindow.open;

  const submit = async () => {
    if (sending || !chosen || !filled) return;
    setAttempted(true);
    if (!filled.ok) {
      // To the first parameter that needs attention.
      const first = filled.parameters.findIndex((p) => p !== null);
      fieldsRef.current?.querySelectorAll<HTMLInputElement>("input")[Math.max(first, 0)]?.focus();
      return;
    }
    const { key } = draft;
    onPending({ key, text: filled.text, at: new Date().toISOString() });
    setSending(true);
    const outcome = await sendTemplate({ name: chosen.name, locale: chosen.locale, parameters: filled.parameters }, key);
    setSending(false);
    if (outcome.status === "queued") {
      onSettled(key, outcome.messageId);
      setDraft({ templateId: chosen.id, values: [], key: newKey() });
      setAttempted(false);
      selectRef.current?.focus();
    } else {
      // Not stored: the values stay, with the same key, so sending again can never make two.
      onSettled(key, null);
    }
  };

  return (
    <div className="space-y-3" data-testid="template-composer">
      {windowClosed ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="template-window-closed">
          {whatsappWindow?.lastInboundAt ? (
            <>
              The person last wrote <LocalTime iso={whatsappWindow.lastInboundAt} />, more than 24 hours ago:
            </>
          ) : (
            <>The person has not written to this number yet:</>
          )}{" "}
          WhatsApp only delivers approved templates now. Free text is still under Reply, but it will probably be rejected.
        </p>
      ) : null}

      {templates.isPending ? (
        <p className="text-sm text-slate-500" role="status">
          Loading templates…
        </p>
      ) : templates.isError ? (
        <ErrorAlert>
          The templates could not be loaded: {templates.error.message}{" "}
          <button type="button" onClick={() => void templates.refetch()} className="font-medium underline">
            Try again
          </button>
        </ErrorAlert>
      ) : list.length === 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-sm text-slate-600" data-testid="templates-none">
          <p className="font-medium text-slate-800">No templates for {formatNumber(ourNumber)} yet.</p>
          <p className="mt-1">
            Owners and admins add the templates approved in your WhatsApp Business account in <strong className="font-medium">Admin &gt; Users &gt; Templates</strong>,
            with the numbers they may be sent from.
          </p>
        </div>
      ) : (
        <>
          <div>
            <label htmlFor={selectId} className="block text-xs font-medium text-slate-700">
              Template
            </label>
            <select
              ref={selectRef}
              id={selectId}
              value={chosen?.id ?? ""}
              disabled={sending}
              onChange={(event) => {
                setDraft({ ...draft, templateId: event.target.value ? Number(event.target.value) : null, values: [] });
                setAttempted(false);
                setError(null);
              }}
              className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
            >
              <option value="">Choose a template…</option>
              {list.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.locale})
                </option>
              ))}
            </select>
          </div>
          {chosen ? (
            <>
              {chosen.parameterCount > 0 ? (
                <fieldset ref={fieldsRef} className="grid gap-2 sm:grid-cols-2">
                  <legend className="mb-1 text-xs font-medium text-slate-700">Parameters (each one required)</legend>
                  {values.map((value, i) => (
                    <ParameterInput
                      key={`${chosen.id}-${i}`}
                      position={i + 1}
                      value={value}
                      readOnly={sending}
                      // Empty is said once Send was pressed; a refused value as soon as it is typed.
                      problem={attempted || value.trim() ? parameterProblem(value, i + 1) : null}
                      onChange={(next) => {
                        const nextValues = [...values];
                        nextValues[i] = next;
                        setDraft({ ...draft, templateId: chosen.id, values: nextValues });
                      }}
                      onSubmit={() => void submit()}
                    />
                  ))}
                </fieldset>
              ) : (
                <p className="text-xs text-slate-500">This template has no parameters: it is sent as written.</p>
              )}
              <TemplatePreview body={chosen.body} values={values} />
              {attempted && filled && !filled.ok && !filled.parameters.some((p) => p !== null) ? <ErrorAlert>{filled.error}</ErrorAlert> : null}
            </>
          ) : null}
        </>
      )}

      {error ? <ErrorAlert>{error}</ErrorAlert> : null}
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
        <p className="text-xs text-slate-500">Sent exactly as approved: #{caseId} is not added.</p>
        <div className="ml-auto flex items-center gap-3">
          <span className="hidden text-xs text-slate-400 sm:inline" aria-hidden>
            Ctrl + Enter
          </span>
          <button
            type="button"
            onClick={() => void submit()}
            disabled={sending || !chosen}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            className="inline-flex items-center justify-center rounded-md bg-emerald-700 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-700 disabled:cursor-not-allowed disabled:bg-emerald-300"
          >
            {sending ? "Sending…" : "Send template"}
          </button>
        </div>
      </div>
    </div>
  );
}

function ParameterInput({
  position,
  value,
  readOnly,
  problem,
  onChange,
  onSubmit,
}: {
  position: number;
  value: string;
  readOnly: boolean;
  problem: string | null;
  onChange: (value: string) => void;
  onSubmit: () => void;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block font-mono text-xs text-slate-600">
        {`{{${position}}}`}
      </label>
      <input
        id={id}
        value={value}
        readOnly={readOnly}
        required
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSubmit();
          }
        }}
        className="mt-0.5 block w-full rounded-md border-0 px-3 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-rose-400"
      />
      {problem ? (
        <p id={`${id}-problem`} className="mt-0.5 text-xs text-rose-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The message as the person will read it; a parameter not filled in yet shows as {{n}}. */
function TemplatePreview({ body, values }: { body: string; values: string[] }) {
  return (
    <div aria-label="Preview" className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-inset ring-slate-200">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Preview</p>
      <p dir="auto" className="mt-1 whitespace-pre-wrap wrap-anywhere text-sm text-slate-900" data-testid="template-preview">
        {previewParts(body, values).map((part, i) =>
          "text" in part ? (
            <span key={i}>{showDirectionControls(part.text)}</span>
          ) : part.value !== null ? (
            <mark key={i} className="rounded bg-emerald-100 px-0.5 text-emerald-950">
              {showDirectionControls(part.value)}
            </mark>
          ) : (
            <mark key={i} className="rounded bg-amber-100 px-0.5 font-mono text-xs text-amber-900 ring-1 ring-inset ring-amber-300">
              {`{{${part.parameter}}}`}
            </mark>
          ),
        )}
      </p>
    </div>
  );
}
