// Every environment variable Caseline reads, parsed in one place with zod (create-t3-app's
// env.js pattern). A bad value stops start-up with a message naming the variable: the
// launcher (`npm start` / `npm run dev`), `npm run worker` and `npm run db:migrate` call
// `env()` before anything else. An empty value counts as unset.
//
// The result is kept until the environment changes: the launcher fills in DATABASE_URL,
// AUTH_SECRET and PORT after it has started the database, and the test suites point
// VONAGE_API_HOST or DATABASE_URL elsewhere between tests — each distinct environment is
// parsed once.
import "server-only";
import { z } from "zod";
import { parseMediaHosts } from "@/lib/media/source-url";

const unsetWhenBlank = (value: unknown) => (value === "" ? undefined : value);

function text() {
  return z.preprocess(unsetWhenBlank, z.string().optional());
}

function integer({ min, max }: { min: number; max?: number }) {
  const message = `must be a whole number ≥ ${min}${max === undefined ? "" : ` and ≤ ${max}`}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max ?? Number.MAX_SAFE_INTEGER, { error: message });
}

function wholeNumber(range: { min: number; max?: number }, fallback: number) {
  return z.preprocess(unsetWhenBlank, integer(range).default(fallback));
}

function optionalWholeNumber(range: { min: number; max?: number }) {
  return z.preprocess(unsetWhenBlank, integer(range).optional());
}

function url(protocols: string[]) {
  const message = `must be a URL starting with ${protocols.join(" or ")}`;
  return z.preprocess(
    unsetWhenBlank,
    z
      .string()
      .refine((value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, "") + "://");
        } catch {
          return false;
        }
      }, message)
      .optional(),
  );
}

const schema = z.object({
  NODE_ENV: z.preprocess(unsetWhenBlank, z.enum(["development", "production", "test"]).optional()),
  /** Unset: the launcher starts the embedded PostgreSQL and sets it. */
  DATABASE_URL: url(["postgres://", "postgresql://"]),
  DATABASE_POOL_SIZE: wholeNumber({ min: 1 }, 10),
  CASELINE_DATA_DIR: z.preprocess(unsetWhenBlank, z.string().default(".data")),
  EMBEDDED_DATABASE_PORT: optionalWholeNumber({ min: 1, max: 65_535 }),
  /** Signs sessions and derives the key of stored secrets; the launcher provides one. */
  AUTH_SECRET: text(),
  OWNER_EMAIL: text(),
  OWNER_PASSWORD: text(),
  PORT: wholeNumber({ min: 1, max: 65_535 }, 3000),
  CASELINE_INTERNAL_URL: url(["http://", "https://"]),
  /** SPEC §11: this deployment's public address (https in production); Vonage fetches the files staff send from it. */
  PUBLIC_URL: url(["https://", "http://"]),
  /** How many proxies of ours stand in front of the app (their X-Forwarded-For is trusted that far); 0: none. */
  TRUST_PROXY: wholeNumber({ min: 0, max: 10 }, 0),
  CASELINE_WORKER: z.preprocess(unsetWhenBlank, z.enum(["external"], { error: 'must be "external" or unset' }).optional()),
  // SPEC §8: these take precedence over Settings > Server.
  VONAGE_APPLICATION_ID: text(),
  VONAGE_PRIVATE_KEY: text(),
  VONAGE_PRIVATE_KEY_PATH: text(),
  VONAGE_WEBHOOK_SECRET: text(),
  VONAGE_API_HOST: url(["http://", "https://"]),
  MESSAGING_PROVIDER: z.preprocess(unsetWhenBlank, z.enum(["vonage", "simulator"], { error: 'must be "vonage" or "simulator"' }).optional()),
  // Sending (SPEC §4).
  VONAGE_MAX_RPS: wholeNumber({ min: 1 }, 30),
  /** 8 retries, 5 s doubling (with jitter): at least 21 minutes of outage before a reply fails. */
  SEND_RETRY_LIMIT: wholeNumber({ min: 0 }, 8),
  SEND_RETRY_DELAY_SECONDS: wholeNumber({ min: 0 }, 5),
  SEND_TIMEOUT_MS: wholeNumber({ min: 1 }, 20_000),
  // Outgoing webhooks (SPEC §15).
  /** "1": http and private addresses allowed for webhook URLs (tests, closed networks); development allows them anyway. */
  CASELINE_ALLOW_INSECURE_WEBHOOKS: z.preprocess(
    unsetWhenBlank,
    z.enum(["0", "1"], { error: 'must be "1" or "0"' }).optional().transform((value) => value === "1"),
  ),
  /** The first wait before a failed delivery is tried again (doubling, capped at an hour). */
  WEBHOOK_RETRY_BASE_SECONDS: wholeNumber({ min: 1 }, 10),
  // Inbound media (SPEC §11).
  /** Hosts besides Vonage's whose media URLs are fetched: comma-separated names, each optionally with :port. */
  VONAGE_MEDIA_HOSTS: z.preprocess(
    unsetWhenBlank,
    z
      .string()
      .optional()
      .transform((value, context) => {
        try {
          return parseMediaHosts(value);
        } catch (error) {
          context.addIssue({ code: "custom", message: `must list host names: ${(error as Error).message}` });
          return z.NEVER;
        }
      }),
  ),
  /** The first wait before a failed media download is tried again (doubling, capped at an hour, for 48 h); 0 retries at once. */
  MEDIA_RETRY_BASE_SECONDS: wholeNumber({ min: 0 }, 10),
  /** Media downloads one worker runs at once. */
  MEDIA_DOWNLOAD_CONCURRENCY: wholeNumber({ min: 1, max: 64 }, 4),
  // The API (SPEC §15): requests per token per minute, counted in the database.
  API_RATE_LIMIT_PER_MINUTE: wholeNumber({ min: 1 }, 600),
  // Notification email (SPEC §13). Unset SMTP_URL: email is off (Settings > Server says so).
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start). */
  SMTP_URL: url(["smtp://", "smtps://"]),
  /** The sender, e.g. "Caseline <caseline@example.org>"; required with SMTP_URL. */
  MAIL_FROM: text(),
  /** Tries after the first failed send; 7 at 60 s doubling (with jitter) span about two hours. */
  EMAIL_RETRY_LIMIT: wholeNumber({ min: 0, max: 20 }, 7),
  EMAIL_RETRY_DELAY_SECONDS: wholeNumber({ min: 1 }, 60),
}).refine((value) => !value.SMTP_URL || value.MAIL_FROM, { path: ["MAIL_FROM"], error: "must be set when SMTP_URL is (the sender of notification emails)" });

export type Env = z.infer<typeof schema>;

const NAMES = Object.keys(schema.shape) as Array<keyof Env>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses the given variables (pure: the unit tests call it with their own). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const picked = Object.fromEntries(NAMES.map((name) => [name, source[name]]));
  const parsed = schema.safeParse(picked);
  if (parsed.success) return parsed.data;
  throw new EnvError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const value = source[name];
      // Values that may carry a secret (a database URL has its password) are never repeated.
      const shown = value === undefined || /SECRET|PASSWORD|PRIVATE_KEY|DATABASE_URL|SMTP_URL/.test(name) ? "" : ` (got "${value}")`;
      return `${name} ${issue.message}${shown}`;
    }),
  );
}

let cached: { fingerprint: string; env: Env } | null = null;

/** The process's settings from its environment; throws EnvError naming each bad variable. */
export function env(): Env {
  const fingerprint = NAMES.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (cached?.fingerprint !== fingerprint) cached = { fingerprint, env: parseEnv(process.env) };
  return cached.env;
}
