// The canned reply shape of the API: exactly what lib/canned returns.
import { z } from "zod";
import { dateTime } from "./common";

export const cannedReplySchema = z
  .object({
    id: z.number().int(),
    surveyId: z.number().int(),
    name: z.string().meta({ description: "Unique in its survey, ignoring case; what `/` in the composer filters by." }),
    text: z.string().meta({ description: "What choosing it inserts into the composer." }),
    updatedAt: dateTime,
  })
  .meta({ id: "CannedReply" });
