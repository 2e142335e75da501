import { describe, expect, it } from "vitest";
import { snippetParts, START, STOP } from "@/lib/cases/search-snippet";

const mark = (word: string) => `${START}${word}${STOP}`;

describe("snippetParts", () => {
  it("turns ts_headline's marks into plain parts, in order", () => {
    expect(snippetParts(`Le ${mark("Café")} de ${mark("JOSÉ")} est fermé`)).toEqual([
      { text: "Le ", hit: false },
      { text: "Café", hit: true },
      { text: " de ", hit: false },
      { text: "JOSÉ", hit: true },
      { text: " est fermé", hit: false },
    ]);
  });

  it("makes runs of white space one space and trims the ends", () => {
    expect(snippetParts(`  \n${mark("mould")}   in\n\nthe  bathroom \t`)).toEqual([
      { text: "mould", hit: true },
      { text: " in the bathroom", hit: false },
    ]);
  });

  it("keeps HTML-looking text as text, and a mark left open as a hit", () => {
    expect(snippetParts(`<b>x</b> ${mark("radiator")}`)).toEqual([
      { text: "<b>x</b> ", hit: false },
      { text: "radiator", hit: true },
    ]);
    expect(snippetParts(`the ${START}boiler`)).toEqual([
      { text: "the ", hit: false },
      { text: "boiler", hit: true },
    ]);
    expect(snippetParts("")).toEqual([]);
  });
});
