// SMTP_URL → nodemailer's connection options. Nodemailer reads a `url` option itself, but
// then drops every other option given beside it — the timeouts that keep a silent server
// from holding a send for minutes — so the URL is read here and the timeouts added after.
// Pure (unit-tested).
export type SmtpConnection = {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte; smtp://: STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  tls?: { rejectUnauthorized: boolean };
};

/** Query options understood, as nodemailer names them: `?requireTLS=true`, `?tls.rejectUnauthorized=false`. */
export function smtpConnectionFromUrl(value: string): SmtpConnection {
  const url = new URL(value);
  const secure = url.protocol === "smtps:";
  if (!secure && url.protocol !== "smtp:") throw new Error("SMTP_URL must start with smtp:// or smtps://");
  const connection: SmtpConnection = {
    // URL keeps IPv6 literals in brackets; the socket wants them without.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
  };
  if (url.username) connection.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  const flag = (name: string) => url.searchParams.get(name);
  if (flag("requireTLS") === "true") connection.requireTLS = true;
  if (flag("ignoreTLS") === "true") connection.ignoreTLS = true;
  if (flag("tls.rejectUnauthorized") === "false") connection.tls = { rejectUnauthorized: false };
  return connection;
}
