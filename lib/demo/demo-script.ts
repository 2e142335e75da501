// What the first-run demo (issue 14) makes: a survey with cases on, a simulator number with
// an automatic reply, and three people writing — one of them with two open cases. Plain data,
// so the test can follow the same script.

export const DEMO_SURVEY_NAME = "Demo";
/** UK numbers reserved for drama (Ofcom): they never reach a real phone. */
export const DEMO_OUR_NUMBER = "447700900100";

export const DEMO_STATUSES = [
  { value: "new", label: "New" },
  { value: "in_progress", label: "In progress" },
  { value: "resolved", label: "Resolved" },
];

export const DEMO_AUTOMATIC_REPLY =
  "Thanks for your message. You have %s1 open cases with us: %s2. Start your message with the case number (for example #12) so it reaches the right one.";

export type DemoMessage = { from: string; name: string; text: string };

/**
 * In order. Priya's "#0" opens her second case (SPEC §3), and her last message, without a
 * case number, reaches both and brings the automatic reply.
 */
export const DEMO_MESSAGES: DemoMessage[] = [
  { from: "447700900201", name: "Maria", text: "Hi, the heating in flat 4B stopped working this morning. Can someone come today?" },
  { from: "447700900202", name: "Tom", text: "Hello, I was charged twice for my October invoice. Could you check, please?" },
  { from: "447700900203", name: "Priya", text: "My parcel was due yesterday but nothing arrived. Order 5531." },
  { from: "447700900203", name: "Priya", text: "#0 Also, I have moved: please send future orders to 12 Hill Street." },
  { from: "447700900203", name: "Priya", text: "Any news?" },
];

/** Set after the messages, so the list shows every status (the case of this number). */
export const DEMO_IN_PROGRESS_FROM = "447700900202";
