"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { retryMediaAction, retryReplyAction } from "@/app/(app)/console/cases/[id]/actions";
import { caseKeys } from "./query-options";

/**
 * Retry on something of a message that failed: a reply (queued again at once, the thread
 * follows its new ticks live) or the copy of its file (SPEC §11: fetched again).
 */
export function RetryButton({ messageId, caseId, what = "reply" }: { messageId: number; caseId: number; what?: "reply" | "file" }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const retry = () =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await (what === "file" ? retryMediaAction : retryReplyAction)(null, { messageId });
        if (!result.ok) return setError(result.error);
        await queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
      } catch {
        setError("The server could not be reached. Try again.");
      }
    });
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={retry}
        disabled={pending}
        className="rounded-md bg-white px-2 py-0.5 text-xs font-medium text-rose-700 ring-1 ring-inset ring-rose-300 hover:bg-rose-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600 disabled:opacity-60"
      >
        {pending ? "Retrying…" : "Retry"}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-rose-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
