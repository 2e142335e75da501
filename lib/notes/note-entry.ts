// A note as the thread shows it and the API answers it. Types only: safe for client components.

export type CaseNoteEntry = {
  id: number;
  kind: "note";
  text: string;
  at: string;
  /** Null when the author's user was deleted. */
  author: { id: number; name: string } | null;
  /** Users the note mentions (SPEC §9), by name. */
  mentions: Array<{ id: number; name: string }>;
};

/** The longest note, in characters (UTF-16 code units, as the other limits count). */
export const MAX_NOTE_LENGTH = 5000;
