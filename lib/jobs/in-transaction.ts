// Queueing pg-boss jobs inside one of our transactions, so a job exists exactly when the
// rows it works on were committed (the send queue, the webhook deliveries).
import "server-only";
import PgBoss from "pg-boss";
import type postgres from "postgres";

/**
 * pg-boss's documented way to insert a job inside someone else's transaction: its SQL,
 * run on our connection. Parameters are serialised here because the app's postgres.js
 * client passes JSON and dates through untouched (drizzle sets it up so).
 */
export function onConnection(connection: postgres.Sql) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const params = values.map((value) =>
        value === undefined ? null : value instanceof Date ? value.toISOString() : typeof value === "object" && value !== null ? JSON.stringify(value) : value,
      );
      const rows = await connection.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return { rows: [...rows] };
    },
  };
}

// Used only for its send() and insert(): never started, so it opens no connections of its own.
let sender: PgBoss | null = null;
export function jobSender(): PgBoss {
  sender ??= new PgBoss({ db: { executeSql: async () => ({ rows: [] }) }, supervise: false, schedule: false, migrate: false });
  return sender;
}
