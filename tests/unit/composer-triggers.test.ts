// SPEC §9: `/` at the start of the composer lists canned replies; `@` in a note lists people.
import { describe, expect, it } from "vitest";
import { activeTrigger, applyChoice, mentionFinished } from "@/components/console/composer-triggers";

const at = (text: string, mode: "reply" | "note" = "note") => activeTrigger(text, text.length, mode);

describe("activeTrigger", () => {
  it("offers canned replies for / at the start, in either mode", () => {
    expect(at("/", "reply")).toEqual({ kind: "canned", start: 0, query: "" });
    expect(at("/open h", "reply")).toEqual({ kind: "canned", start: 0, query: "open h" });
    expect(at("/thanks", "note")).toEqual({ kind: "canned", start: 0, query: "thanks" });
  });

  it("not for a / later in the text, or once past the first line", () => {
    expect(at("see /thanks", "reply")).toBeNull();
    expect(at(" /thanks", "reply")).toBeNull();
    expect(at("/thanks\nmore", "reply")).toBeNull();
    // The caret decides: still on the first line.
    expect(activeTrigger("/tha\nmore", 4, "reply")).toEqual({ kind: "canned", start: 0, query: "tha" });
  });

  it("offers people for @ in a note, names with spaces included", () => {
    expect(at("@")).toEqual({ kind: "mention", start: 0, query: "" });
    expect(at("Ask @sa")).toEqual({ kind: "mention", start: 4, query: "sa" });
    expect(at("Ask @Sam Sm")).toEqual({ kind: "mention", start: 4, query: "Sam Sm" });
    expect(at("(@sam")).toEqual({ kind: "mention", start: 1, query: "sam" });
  });

  it("not in a reply, in an address, after a new line or a space straight after @", () => {
    expect(at("Ask @sa", "reply")).toBeNull();
    expect(at("mail help@sam")).toBeNull();
    expect(at("@sam\nnext")).toBeNull();
    expect(at("@ sam")).toBeNull();
    expect(at(`@${"x".repeat(41)}`)).toBeNull();
  });
});

describe("applyChoice", () => {
  it("replaces what was typed since the trigger and puts the caret after the insert", () => {
    const text = "/tha";
    expect(applyChoice(text, 4, { kind: "canned", start: 0, query: "tha" }, "Thank you!")).toEqual({ text: "Thank you!", caret: 10 });
    const note = "Ask @sa about it";
    expect(applyChoice(note, 7, { kind: "mention", start: 4, query: "sa" }, "@Sam Smith ")).toEqual({
      text: "Ask @Sam Smith  about it",
      caret: 15,
    });
  });
});

describe("mentionFinished", () => {
  it("is true once a whole name and a space follow the @", () => {
    expect(mentionFinished("Sam Smith ", ["Sam Smith", "Ann"])).toBe(true);
    expect(mentionFinished("sam smith ", ["Sam Smith"])).toBe(true);
    expect(mentionFinished("Sam ", ["Sam Smith"])).toBe(false);
    expect(mentionFinished("Sam Smith", ["Sam Smith"])).toBe(false);
  });
});
