// zod pieces for form fields, shared by the server actions (and later the API's schemas).
import { z } from "zod";

/** A field that may be sent several times (checkboxes): always a list, empty when absent. */
export function formList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));
}

/** A database id from a form or a path: a positive whole number. */
export const idField = z.coerce.number().int().positive();
