import { describe, expect, it } from "vitest";
import { findMentionSpans, mentionedUsers, splitMentions } from "@/lib/notes/mentions";

const sam = { id: 1, name: "Sam" };
const samSmith = { id: 2, name: "Sam Smith" };
const zoe = { id: 3, name: "Zoë Ångström" };
const email = { id: 4, name: "kim@example.com" };
const users = [sam, samSmith, zoe, email];
const ids = (text: string, candidates = users) => mentionedUsers(text, candidates).map((u) => u.id);

describe("mentionedUsers", () => {
  it("finds @name anywhere, case-insensitively, in order of first mention, each once", () => {
    expect(ids("@sam please call them, then tell @ZOË ÅNGSTRÖM. Thanks @Sam")).toEqual([1, 3]);
  });

  it("lets the longest name win", () => {
    expect(ids("@Sam Smith can you look?")).toEqual([2]);
    expect(ids("@Sam Smithers can you look?")).toEqual([1]); // "Sam Smith" runs into a letter; "Sam" ends at a space
  });

  it("needs the name to end at a non-letter/digit or the end of the text", () => {
    expect(ids("@Samantha is on leave")).toEqual([]);
    expect(ids("@Sam2 is a robot")).toEqual([]);
    expect(ids("ask @sam")).toEqual([1]);
    expect(ids("ask @sam, @sam smith! (@zoë ångström)")).toEqual([1, 2, 3]);
  });

  it("does not read an email address as a mention, but a name that is an email works", () => {
    expect(ids("write to help@sam.example")).toEqual([]);
    expect(ids("@kim@example.com see above")).toEqual([4]);
  });

  it("ignores names of users who are not candidates, and an @ alone", () => {
    expect(ids("@Sam and @", [zoe])).toEqual([]);
    expect(ids("no mentions here @ all", [])).toEqual([]);
  });

  it("mentions both users who share a name", () => {
    expect(ids("@Sam", [sam, { id: 9, name: "sam" }])).toEqual([1, 9]);
  });
});

describe("splitMentions", () => {
  it("cuts the text into plain parts and highlighted mentions, keeping every character", () => {
    const text = "Hi @sam smith, see @Zoë Ångström.";
    const parts = splitMentions(text, [samSmith, zoe]);
    expect(parts).toEqual([
      { text: "Hi " },
      { text: "@sam smith", users: [samSmith] },
      { text: ", see " },
      { text: "@Zoë Ångström", users: [zoe] },
      { text: "." },
    ]);
    expect(parts.map((p) => p.text).join("")).toBe(text);
  });

  it("gives the whole text as one part when nothing is mentioned", () => {
    expect(splitMentions("plain", [])).toEqual([{ text: "plain" }]);
    expect(findMentionSpans("", users)).toEqual([]);
  });
});
