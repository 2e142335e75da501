import { afterAll, describe, expect, it, inject } from "vitest";
import { getSql, openSql } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { uniqueDatabaseName, withDatabase } from "../support/database-names";

describe("migrations", () => {
  const serverUrl = inject("serverUrl");
  const name = uniqueDatabaseName("caseline_migrate");
  const admin = openSql(serverUrl, { max: 1 });

  afterAll(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("can run from several processes at once and applies every migration once", async () => {
    await admin.unsafe(`create database "${name}"`);
    const url = withDatabase(serverUrl, name);
    await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    const sql = openSql(url, { max: 1 });
    const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const tables = await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    await sql.end();
    expect(applied[0]!.n).toBeGreaterThan(0);
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        "users",
        "server_settings",
        "surveys",
        "survey_questions",
        "survey_access",
        "number_links",
        "cases",
        "messages",
        "case_messages",
        "case_events",
        "webhook_events",
        "login_failures",
      ]),
    );
  });
});

describe("schema constraints the product relies on", () => {
  it("keeps one message per provider message id", async () => {
    const sql = getSql();
    const insert = () =>
      sql`insert into messages (direction, channel, our_number, their_number, text, provider_message_id, status)
          values ('inbound', 'sms', '447700900000', '447700900001', 'hi', 'uuid-1', 'received')`;
    await insert();
    await expect(insert()).rejects.toThrow(/messages_provider_message_id_key/);
  });

  it("keeps one inbound webhook event per message_uuid, but any number of status events", async () => {
    const sql = getSql();
    const event = (kind: string) =>
      sql`insert into webhook_events (kind, message_uuid, raw_body) values (${kind}::webhook_kind, 'uuid-2', '{}')`;
    await event("inbound");
    await expect(event("inbound")).rejects.toThrow(/webhook_events_inbound_uuid_key/);
    await event("status");
    await event("status");
  });

  it("keeps one row of server settings", async () => {
    const sql = getSql();
    await sql`insert into server_settings (id) values (1)`;
    await expect(sql`insert into server_settings (id) values (2)`).rejects.toThrow(/server_settings_single_row/);
  });

  it("refuses a second link for the same number of ours", async () => {
    const sql = getSql();
    const [survey] = await sql`insert into surveys (name) values ('Support') returning id`;
    const link = () =>
      sql`insert into number_links (our_number, channel, survey_id) values ('447700900000', 'sms', ${survey!.id})`;
    await link();
    await expect(link()).rejects.toThrow(/number_links_our_number_key/);
  });

  it("stores emails lower-cased, so two spellings cannot make two users", async () => {
    const sql = getSql();
    await expect(
      sql`insert into users (email, password_hash) values ('Mixed@Example.com', 'x')`,
    ).rejects.toThrow(/users_email_lower/);
  });

  it("finds a number's open cases in a survey through the partial index", async () => {
    const sql = getSql();
    const plan = await sql.unsafe(
      `explain select id from cases where survey_id = 1 and their_number = '447700900001' and open order by id`,
    );
    // With no rows the planner may prefer a sequential scan; what matters is that the index exists and matches.
    const indexes = await sql`select indexdef from pg_indexes where indexname = 'cases_open_by_number_idx'`;
    expect(indexes[0]!.indexdef).toMatch(/WHERE open/);
    expect(plan.length).toBeGreaterThan(0);
  });
});
