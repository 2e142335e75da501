import { describe, expect, it } from "vitest";
import { filterCannedReplies, foldForSearch } from "@/lib/canned/filter";
import { checkCannedReply } from "@/lib/canned/rules";

const list = [
  { id: 1, name: "Address change" },
  { id: 2, name: "Café opening hours" },
  { id: 3, name: "Hours" },
  { id: 4, name: "Opening hours" },
  { id: 5, name: "Réponse rapide" },
  { id: 6, name: "Thanks" },
  { id: 7, name: "Pathways" },
];
const ids = (query: string) => filterCannedReplies(list, query).map((r) => r.id);

describe("filterCannedReplies", () => {
  it("keeps the whole list, in order, for an empty query", () => {
    expect(ids("")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ids("   ")).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("puts names starting with the query first, then a word starting with it, then anywhere", () => {
    expect(ids("hours")).toEqual([3, 2, 4]);
    // "Hours"; then a word starting with h ("Café opening hours", "Opening hours"); then inside a word.
    expect(ids("h")).toEqual([3, 2, 4, 1, 6, 7]);
  });

  it("ignores case and accents on both sides", () => {
    expect(ids("CAFE")).toEqual([2]);
    expect(ids("reponse")).toEqual([5]);
    expect(ids("répo")).toEqual([5]);
    expect(ids("ÓPENING")).toEqual([4, 2]);
  });

  it("finds nothing when no name holds the query", () => {
    expect(ids("refund")).toEqual([]);
  });

  it("folds text for comparison", () => {
    expect(foldForSearch("Ångström ÉTÉ")).toBe("angstrom ete");
  });
});

describe("checkCannedReply", () => {
  it("collapses the name onto one line and trims the text", () => {
    expect(checkCannedReply({ name: "  Opening\n  hours ", text: "\n Line one\nLine two \n" })).toEqual({ ok: true, name: "Opening hours", text: "Line one\nLine two" });
  });

  it("refuses an empty or too long name or text, each with its message", () => {
    expect(checkCannedReply({ name: " ", text: "\n" })).toEqual({ ok: false, fieldErrors: { name: expect.any(String), text: expect.any(String) } });
    expect(checkCannedReply({ name: "n".repeat(81), text: "t".repeat(2001) })).toEqual({
      ok: false,
      fieldErrors: { name: "A name can be at most 80 characters.", text: "The text can be at most 2000 characters (this one has 2001)." },
    });
    expect(checkCannedReply({ name: "n".repeat(80), text: "t".repeat(2000) }).ok).toBe(true);
  });
});
