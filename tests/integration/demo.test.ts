// The first-run demo (issue 14): through the real survey editor, number links and the signed
// inbound webhook (a local HTTP server hands the simulator's POSTs to the route handler).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { DEMO_MESSAGES, DEMO_OUR_NUMBER } from "@/lib/demo/demo-script";
import { demoAvailable, startDemo } from "@/lib/demo/start-demo";
import { asUser } from "../support/seed";

let owner: CurrentUser;
let admin: CurrentUser;
let staff: CurrentUser;
let server: Server;

beforeAll(async () => {
  delete process.env.MESSAGING_PROVIDER;
  delete process.env.VONAGE_WEBHOOK_SECRET;
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  // The app, as the simulator reaches it: only the inbound webhook is needed here.
  server = createServer(async (req, res) => {
    if (req.url === "/api/health") return void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const response = await inbound(
      new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.CASELINE_INTERNAL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  owner = asUser(await createUser({ email: "owner@example.com", name: "Olive", role: "owner", password: "password-1" }));
  admin = asUser(await createUser({ email: "admin@example.com", name: "Adam", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", name: "Sam", role: "staff", password: "password-1" }));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const surveyCount = async () => Number((await getSql()`select count(*) from surveys`)[0]!.count);

describe("the first-run demo", () => {
  it("is not offered to staff, nor with Vonage as the provider; both are refused and change nothing", async () => {
    expect(await demoAvailable(staff)).toBe(false);
    await expect(startDemo(staff)).rejects.toMatchObject({ code: "not_found" });
    process.env.MESSAGING_PROVIDER = "vonage";
    try {
      expect(await demoAvailable(owner)).toBe(false);
      await expect(startDemo(owner)).rejects.toThrow(/only with the Phone simulator/);
    } finally {
      delete process.env.MESSAGING_PROVIDER;
    }
    expect(await surveyCount()).toBe(0);
    expect(await demoAvailable(owner)).toBe(true);
    expect(await demoAvailable(admin)).toBe(true);
  });

  it("makes a working inbox through the real webhook path: four cases, one person with two open, the automatic reply sent", async () => {
    const { surveyId } = await startDemo(owner);
    const rows = await getSql()`
      select c.their_number, c.status, c.open, c.message_count from cases c where c.survey_id = ${surveyId} order by c.id`;
    expect(rows.map((r) => [r.their_number, r.status, r.open])).toEqual([
      ["447700900201", "new", true],
      ["447700900202", "in_progress", true],
      ["447700900203", "new", true],
      ["447700900203", "new", true],
    ]);
    // Every demo message arrived as a real webhook, each stored once.
    const events = await getSql()`select count(*)::int as n from webhook_events where kind = 'inbound' and outcome = 'routed'`;
    expect(events[0]!.n).toBe(DEMO_MESSAGES.length);
    // Priya's last message has no case number: it reaches both her cases, and the automatic reply goes out.
    const [last] = await getSql()`
      select count(distinct cm.case_id)::int as cases from messages m join case_messages cm on cm.message_id = m.id
      where m.their_number = '447700900203' and m.text = 'Any news?'`;
    expect(last!.cases).toBe(2);
    const automatic = await getSql()`select text from messages where automatic and their_number = '447700900203' and our_number = ${DEMO_OUR_NUMBER}`;
    expect(automatic).toHaveLength(1);
    expect(automatic[0]!.text).toMatch(/You have 2 open cases/);
    expect(await demoAvailable(owner)).toBe(false);
  });

  it("refuses, creating nothing, when the server cannot reach its own address", async () => {
    const reachable = process.env.CASELINE_INTERNAL_URL;
    process.env.CASELINE_INTERNAL_URL = "http://127.0.0.1:9";
    try {
      const before = await surveyCount();
      await getSql()`delete from cases`;
      await getSql()`delete from number_links`;
      await getSql()`delete from surveys`;
      await expect(startDemo(owner)).rejects.toThrow(/does not answer/);
      expect(await surveyCount()).toBe(0);
      expect(before).toBe(1);
    } finally {
      process.env.CASELINE_INTERNAL_URL = reachable;
    }
    await startDemo(owner);
  });

  it("never runs twice: once a survey exists it is refused", async () => {
    const before = await surveyCount();
    await expect(startDemo(admin)).rejects.toThrow(/already has a survey/);
    expect(await surveyCount()).toBe(before);
  });

  it("two clicks at once on a new install make one demo", async () => {
    // Back to an install without surveys (cases and links hold on to theirs).
    await getSql()`delete from cases`;
    await getSql()`delete from number_links`;
    await getSql()`delete from surveys`;
    const results = await Promise.allSettled([startDemo(owner), startDemo(admin)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(String((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason)).toMatch(/already has a survey/);
    expect(await surveyCount()).toBe(1);
  });
});
