"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClasses } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";
import type { PhoneMessage, PhoneSendResult, PhoneSummary, SimulatorNumber } from "@/lib/simulator/phones";
import { SAMPLE_FILE_NAMES, SAMPLE_FILES, type SampleFileName } from "@/lib/simulator/sample-files";

type SimulatorData = { numbers: SimulatorNumber[]; phones: PhoneSummary[]; messages: PhoneMessage[] };

async function readJson<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body as T;
}

const DEFAULT_PHONE = "447700900123";

export function PhoneSimulator() {
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState(DEFAULT_PHONE);
  const [phoneInput, setPhoneInput] = useState(DEFAULT_PHONE);
  const [ourNumber, setOurNumber] = useState("");
  const [text, setText] = useState("");
  const [attachment, setAttachment] = useState<SampleFileName | "">("");
  const ids = { phone: useId(), our: useId(), text: useId(), attach: useId() };

  const data = useQuery({
    queryKey: ["simulator", phone],
    queryFn: async () => readJson<SimulatorData>(await fetch(`/api/simulator/phones?phone=${encodeURIComponent(phone)}`)),
    // Replies and delivery reports arrive on their own: look again every second.
    refetchInterval: 1_000,
    // Switching phones keeps the screen (and what is being typed) in place while it loads.
    placeholderData: keepPreviousData,
  });
  const numbers = data.data?.numbers ?? [];
  // Until one is picked, the first of our numbers.
  const writesTo = ourNumber || numbers[0]?.ourNumber || "";

  const send = useMutation({
    mutationFn: async () =>
      readJson<PhoneSendResult>(
        await fetch("/api/simulator/phones", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ourNumber: writesTo, theirNumber: phoneInput, text, ...(attachment ? { attachment } : {}) }),
        }),
      ),
    onSuccess: (result) => {
      setText("");
      setAttachment("");
      setPhone(result.theirNumber);
      setPhoneInput(result.theirNumber);
      void queryClient.invalidateQueries({ queryKey: ["simulator"] });
    },
  });

  if (data.isPending) return <p className="text-sm text-slate-500">Loading the simulator…</p>;
  // A failed poll after the first load keeps the screen (the next poll tries again).
  if (!data.data) return <ErrorAlert>{data.error?.message ?? "The simulator could not be loaded."}</ErrorAlert>;
  if (numbers.length === 0) {
    return (
      <EmptyState
        title="No numbers to write to yet"
        action={
          <Link href="/admin/users/conversations" className={buttonClasses("primary")}>
            Link a number
          </Link>
        }
      >
        A virtual phone writes to one of your numbers. Link one to a survey in Users &gt; Conversations first.
      </EmptyState>
    );
  }
  const selected = numbers.find((n) => n.ourNumber === writesTo);
  const messages = data.data.messages;
  const pollFailed = data.isError;

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <section aria-labelledby="phones-heading" className="min-w-0">
        <h2 id="phones-heading" className="text-sm font-semibold text-slate-900">
          Phones
        </h2>
        {data.data.phones.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">None yet: the first message starts one.</p>
        ) : (
          <ul className="mt-2 space-y-1">
            {data.data.phones.map((p) => (
              <li key={p.theirNumber}>
                <button
                  type="button"
                  onClick={() => {
                    setPhone(p.theirNumber);
                    setPhoneInput(p.theirNumber);
                  }}
                  aria-current={p.theirNumber === phone ? "true" : undefined}
                  className="flex w-full items-center justify-between gap-2 rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 aria-[current]:bg-indigo-50 aria-[current]:font-medium aria-[current]:text-indigo-800"
                >
                  <span className="truncate">{formatNumber(p.theirNumber)}</span>
                  <span className="flex-none text-xs text-slate-500">{p.count}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-label="Virtual phone" className="mx-auto w-full max-w-md min-w-0 overflow-hidden rounded-3xl bg-white shadow-sm ring-1 ring-slate-300">
        <div className="space-y-3 border-b border-slate-200 bg-slate-50 px-4 py-3">
          <div>
            <label htmlFor={ids.phone} className="block text-xs font-medium text-slate-600">
              This phone&apos;s number
            </label>
            <input
              id={ids.phone}
              value={phoneInput}
              onChange={(event) => setPhoneInput(event.target.value)}
              onBlur={() => {
                const digits = phoneInput.replace(/\D/g, "");
                if (/^\d{7,15}$/.test(digits)) setPhone(digits);
              }}
              inputMode="tel"
              autoComplete="off"
              className={`${inputClasses} mt-1`}
            />
          </div>
          <div>
            <label htmlFor={ids.our} className="block text-xs font-medium text-slate-600">
              Writes to
            </label>
            <select id={ids.our} value={writesTo} onChange={(event) => setOurNumber(event.target.value)} className={`${inputClasses} mt-1`}>
              {numbers.map((n) => (
                <option key={n.ourNumber} value={n.ourNumber}>
                  {formatNumber(n.ourNumber)} · {channelLabel(n.channel)} · {n.surveyName}
                </option>
              ))}
            </select>
          </div>
        </div>

        {pollFailed ? (
          <p role="status" className="bg-amber-50 px-4 py-2 text-xs text-amber-800">
            Lost touch with the server; trying again…
          </p>
        ) : null}
        <ol className="flex h-96 flex-col gap-2 overflow-y-auto bg-slate-100/60 px-3 py-4" aria-label="Messages on this phone" data-testid="phone-messages">
          {messages.length === 0 ? (
            <li className="m-auto text-center text-sm text-slate-500">No messages on this phone yet.</li>
          ) : (
            messages.map((m) => <PhoneBubble key={m.id} message={m} />)
          )}
        </ol>

        <form
          className="flex flex-wrap items-end gap-2 border-t border-slate-200 p-3"
          onSubmit={(event) => {
            event.preventDefault();
            if ((text.trim() || attachment) && !send.isPending) send.mutate();
          }}
        >
          <div className="flex w-full items-center gap-2">
            <label htmlFor={ids.attach} className="flex-none text-xs font-medium text-slate-600">
              Attach
            </label>
            <select
              id={ids.attach}
              value={attachment}
              onChange={(event) => setAttachment(event.target.value as SampleFileName | "")}
              className={`${inputClasses} mt-0! py-1.5!`}
            >
              <option value="">No file</option>
              {SAMPLE_FILE_NAMES.map((name) => (
                <option key={name} value={name}>
                  {SAMPLE_FILES[name].label}
                  {selected?.channel === "sms" ? " — as an MMS" : ""}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-0 flex-1">
            <label htmlFor={ids.text} className="sr-only">
              Message from this phone
            </label>
            <textarea
              id={ids.text}
              value={text}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
              rows={2}
              placeholder={
                attachment
                  ? "Add a caption (optional)"
                  : selected
                    ? `Text ${formatNumber(selected.ourNumber)} by ${channelLabel(selected.channel)}`
                    : "Type a message"
              }
              className={`${inputClasses} resize-none`}
            />
          </div>
          <Button type="submit" disabled={send.isPending || (!text.trim() && !attachment)}>
            {send.isPending ? "Sending…" : "Send"}
          </Button>
        </form>
        {send.isError ? (
          <div className="px-3 pb-3">
            <ErrorAlert>{send.error.message}</ErrorAlert>
          </div>
        ) : null}
      </section>
    </div>
  );
}

const OUTCOME_LABELS: Record<string, string> = {
  sending: "Sending…",
  routed: "Received by Caseline",
  unrouted: "Received, not routed (see Users > Conversations)",
  received: "Received by Caseline",
  invalid: "Refused as invalid",
  unreachable: "Caseline could not be reached",
  accepted: "Arriving…",
  submitted: "Arriving…",
  delivered: "Delivered",
  read: "Read",
  rejected: "Not delivered: WhatsApp only allows free text within 24 hours of the person's last message",
  rejected_template: "Not delivered: this number has no approved template of that name and language (1022)",
  rejected_parameters: "Not delivered: WhatsApp refused the template's parameters (1020)",
  media_rejected: "Not delivered: the file could not be fetched",
};

function PhoneBubble({ message }: { message: PhoneMessage }) {
  const mine = message.direction === "to_us";
  const rejected = (message.outcome?.startsWith("rejected") ?? false) || message.outcome === "media_rejected";
  return (
    <li className={`flex ${mine ? "justify-end" : "justify-start"}`} data-testid="phone-message" data-direction={message.direction}>
      <div className={`flex max-w-[85%] flex-col ${mine ? "items-end" : "items-start"}`}>
        <p
          dir="auto"
          className={`whitespace-pre-wrap wrap-anywhere rounded-2xl px-3.5 py-2 text-sm shadow-sm ${
            mine
              ? "rounded-br-sm bg-emerald-600 text-white"
              : rejected
                ? "rounded-bl-sm bg-white text-slate-400 line-through ring-1 ring-slate-200"
                : "rounded-bl-sm bg-white text-slate-900 ring-1 ring-slate-200"
          }`}
        >
          {showDirectionControls(message.text)}
        </p>
        <p className="mt-1 px-1 text-xs text-slate-500">
          <LocalTime iso={message.createdAt} /> · {mine ? "to" : "from"} {formatNumber(message.ourNumber)}
          {message.outcome ? ` · ${OUTCOME_LABELS[message.outcome] ?? message.outcome}` : ""}
        </p>
      </div>
    </li>
  );
}
