// SPEC §9 "Keyboard": which key press is which shortcut, and never while typing.
import { describe, expect, it } from "vitest";
import { SHORTCUTS, isTyping, shortcutFor, type KeyPress, type KeyTarget } from "@/components/console/shortcuts";

const on = (target: KeyTarget | null, key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...extra,
});
const body: KeyTarget = { tagName: "BODY" };

describe("shortcutFor", () => {
  it.each([
    ["j", "next"],
    ["k", "previous"],
    ["r", "reply"],
    ["n", "note"],
    ["a", "assign"],
    ["/", "search"],
    ["?", "help"],
  ])("%s → %s on the page", (key, action) => {
    expect(shortcutFor(on(body, key))).toBe(action);
    expect(shortcutFor(on({ tagName: "A" }, key))).toBe(action);
    expect(shortcutFor(on({ tagName: "BUTTON" }, key))).toBe(action);
    expect(shortcutFor(on(null, key))).toBe(action);
  });

  it("allows Shift (for ?) but not Ctrl, Cmd or Alt", () => {
    expect(shortcutFor(on(body, "?", { shiftKey: true } as Partial<KeyPress>))).toBe("help");
    expect(shortcutFor(on(body, "J"))).toBeNull();
    for (const modifier of ["ctrlKey", "metaKey", "altKey"] as const) {
      expect(shortcutFor(on(body, "j", { [modifier]: true }))).toBeNull();
      expect(shortcutFor(on(body, "r", { [modifier]: true }))).toBeNull();
    }
  });

  it("does nothing while typing in a field", () => {
    for (const target of [
      { tagName: "INPUT", type: "text" },
      { tagName: "input", type: "search" },
      { tagName: "INPUT" },
      { tagName: "INPUT", type: "email" },
      { tagName: "TEXTAREA" },
      { tagName: "SELECT" },
      { tagName: "DIV", isContentEditable: true },
    ]) {
      for (const { key } of SHORTCUTS) expect(shortcutFor(on(target, key)), `${key} in ${JSON.stringify(target)}`).toBeNull();
    }
  });

  it("works on controls that take no typing", () => {
    expect(isTyping({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTyping({ tagName: "INPUT", type: "radio" })).toBe(false);
    expect(shortcutFor(on({ tagName: "INPUT", type: "checkbox" }, "j"))).toBe("next");
  });

  it("does nothing inside a dialog, on a held key, or on a key another handler used", () => {
    expect(shortcutFor(on({ tagName: "BUTTON", inDialog: true }, "j"))).toBeNull();
    expect(shortcutFor(on(body, "j", { repeat: true }))).toBeNull();
    expect(shortcutFor(on(body, "j", { defaultPrevented: true }))).toBeNull();
  });

  it("ignores other keys", () => {
    for (const key of ["x", "Enter", "Escape", " ", "ArrowDown", "1"]) expect(shortcutFor(on(body, key))).toBeNull();
  });

  it("lists each key once", () => {
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
  });
});
