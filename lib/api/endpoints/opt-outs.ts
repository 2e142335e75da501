// /api/v1/opt-outs (SPEC §12): the numbers opted out of our numbers, newest first — the same
// lib function and access rule as the list in Users > Conversations.
import "server-only";
import { z } from "zod";
import { listOptOuts } from "@/lib/optout/list-opt-outs";
import { endpoint } from "../endpoint";
import { dateTime } from "../schemas/common";

const optOutSchema = z
  .object({
    ourNumber: z.string().meta({ description: "Our number they opted out of, E.164 digits without +.", example: "15557654321" }),
    theirNumber: z.string().meta({ description: "Their number, E.164 digits without +.", example: "15551234567" }),
    keyword: z.string().meta({ description: "The word they sent, as Caseline recognised it.", example: "STOP" }),
    since: dateTime,
  })
  .meta({ id: "OptOut" });

export const listOptOutsEndpoint = endpoint(
  {
    method: "get",
    path: "/opt-outs",
    tag: "Opt-outs",
    summary: "List opted-out numbers",
    description:
      "Numbers that sent an opt-out keyword (STOP, UNSUBSCRIBE …) by SMS and have not opted back in (START), newest first; replies to them from that number of ours answer 409. Owners and admins see every one; staff those of people with a case in a survey they may see. Keyset-paged: pass `nextCursor` back as `cursor`.",
    query: z.object({
      number: z.string().max(40).optional().meta({ description: "The start of their number (+, spaces and a leading 00 are ignored).", example: "+1555" }),
      ourNumber: z.string().max(40).optional().meta({ description: "Only opt-outs of this number of ours (any common form)." }),
      cursor: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: {
      status: 200,
      description: "One page of opt-outs.",
      schema: z
        .object({
          items: z.array(optOutSchema),
          nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
        })
        .meta({ id: "OptOutList" }),
    },
  },
  ({ actor, query }) => listOptOuts(actor, query),
);
