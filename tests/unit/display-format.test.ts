import { describe, expect, it } from "vitest";
import { showDirectionControls } from "@/lib/display/format";

describe("text from outside, as staff read it", () => {
  it("shows the characters that force a direction instead of obeying them", () => {
    expect(showDirectionControls("Invoice \u202Egnp.exe")).toBe("Invoice [U+202E]gnp.exe");
    expect(showDirectionControls("a\u2066b\u2069c\u202Ad\u202Ce")).toBe("a[U+2066]b[U+2069]c[U+202A]d[U+202C]e");
  });

  it("leaves real right-to-left text and everything else alone", () => {
    expect(showDirectionControls("שלום Hello مرحبا 😀")).toBe("שלום Hello مرحبا 😀");
  });
});
