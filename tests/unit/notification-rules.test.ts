// The words of a notification, the bell's count, and which ones the browser announces.
import { describe, expect, it } from "vitest";
import { freshNotifications, notificationHeadline, unreadBadge, type NotificationFacts } from "@/lib/notifications/describe";

const facts = (over: Partial<NotificationFacts>): NotificationFacts => ({
  kind: "assigned",
  case: { reference: "#12", title: "Boiler broken" },
  actor: { name: "Ada Admin" },
  data: {},
  ...over,
});

describe("notificationHeadline", () => {
  it.each([
    [facts({}), "Ada Admin assigned #12 to you"],
    [facts({ kind: "mentioned" }), "Ada Admin mentioned you in #12"],
    [facts({ kind: "new_message", actor: null }), "New message in #12"],
    [facts({ kind: "sla_breached", actor: null, data: { kind: "first_response" } }), "First response overdue on #12"],
    [facts({ kind: "sla_breached", actor: null, data: { kind: "next_response" } }), "Next response overdue on #12"],
    [facts({ kind: "sla_breached", actor: null }), "Response overdue on #12"],
    [facts({ actor: null }), "Someone assigned #12 to you"],
    [facts({ actor: { name: "" } }), "Someone assigned #12 to you"],
  ])("%#: %s", (input, expected) => {
    expect(notificationHeadline(input)).toBe(expected);
  });
});

describe("unreadBadge", () => {
  it("shows nothing at zero, the number up to nine, then 9+", () => {
    expect([0, -1, 1, 9, 10, 250].map(unreadBadge)).toEqual([null, null, "1", "9", "9+", "9+"]);
  });
});

describe("freshNotifications", () => {
  const items = [
    { id: 7, readAt: null },
    { id: 6, readAt: "2026-01-01T00:00:00Z" },
    { id: 5, readAt: null },
    { id: 3, readAt: null },
  ];
  it("announces nothing on the first load", () => {
    expect(freshNotifications(items, null)).toEqual([]);
  });
  it("announces unread ones newer than those seen, oldest first", () => {
    expect(freshNotifications(items, 4).map((n) => n.id)).toEqual([5, 7]);
    expect(freshNotifications(items, 7)).toEqual([]);
  });
});
