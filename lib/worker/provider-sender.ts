// Sends one message through the real @vonage/server-sdk, to Vonage or — with the provider
// set to Simulator — to the app's own fake Messages API (lib/simulator), which answers alike.
import "server-only";
import { createHash } from "node:crypto";
import { SMS, WhatsAppAudio, WhatsAppFile, WhatsAppImage, WhatsAppTemplate, WhatsAppText, WhatsAppVideo, type WhatsAppLanguageCode } from "@vonage/messages";
import { Vonage } from "@vonage/server-sdk";
import { getPrivateKey, getServerSettingsRow, resolveProvider, settingsFromEnvironment } from "@/lib/settings/server-settings";
import { SIMULATOR_API_KEY, simulatorApiSecret } from "@/lib/crypto/secret-box";
import { internalBaseUrl } from "@/lib/server/internal-url";
import { env } from "@/lib/config/env";
import { isNotSentNetworkError, UNKNOWN_OUTCOME } from "@/lib/outbound/delivery-errors";

/**
 * What one outbound message carries. Each kind is sent with its own @vonage/messages class
 * (SPEC §4 text; §10 template; §11 media).
 */
export type OutboundContent =
  | { type: "text"; text: string }
  /** SPEC §10: an approved WhatsApp template, by name and language, with its parameters in order. */
  | { type: "template"; name: string; locale: string; parameters: string[] }
  /** §11: Vonage fetches `url` itself (a signed address of ours that expires). WhatsApp only. */
  | { type: "media"; kind: "image" | "audio" | "video" | "file"; url: string; caption?: string; name?: string };

export type OutboundMessage = { channel: "sms" | "whatsapp"; from: string; to: string; clientRef: string; content: OutboundContent };

/**
 * The provider did not take the message. httpStatus is null when no answer came at all;
 * `certainlyNotSent` then says whether the request never left (connection refused, DNS).
 */
export class SendFailure extends Error {
  constructor(
    readonly httpStatus: number | null,
    readonly title: string | null,
    readonly detail: string,
    readonly certainlyNotSent = false,
  ) {
    super(detail);
  }
}

export type Sender = (message: OutboundMessage) => Promise<{ messageUuid: string }>;

export const DEFAULT_API_HOST = "https://api.nexmo.com";

type Resolved = { key: string; build: () => Sender } | { error: string };

async function resolveSender(): Promise<Resolved> {
  const row = await getServerSettingsRow();
  const fromEnv = settingsFromEnvironment();
  const provider = resolveProvider(row);
  if (provider === "simulator") {
    const apiHost = `${internalBaseUrl()}/api/simulator`;
    // Basic auth with a secret derived from AUTH_SECRET, which the fake API checks.
    const credentials = { apiKey: SIMULATOR_API_KEY, apiSecret: simulatorApiSecret() };
    return { key: `simulator ${apiHost}`, build: () => vonageSender(credentials, apiHost) };
  }
  const applicationId = fromEnv.applicationId ?? row?.vonageApplicationId ?? null;
  let privateKey: string | null;
  try {
    privateKey = await getPrivateKey(row);
  } catch (error) {
    // An unreadable VONAGE_PRIVATE_KEY_PATH: a setup problem, shown on the reply, not a send failure to retry.
    const detail = error instanceof Error ? error.message : String(error);
    return { error: `The Vonage private key cannot be read (VONAGE_PRIVATE_KEY_PATH): ${detail}` };
  }
  if (!applicationId || !privateKey) {
    return { error: "Vonage is not connected: set the Application ID and private key in Settings > Server." };
  }
  const apiHost = (fromEnv.apiHost ?? row?.apiHost ?? DEFAULT_API_HOST).replace(/\/+$/, "");
  const key = `vonage ${applicationId} ${apiHost} ${createHash("sha256").update(privateKey).digest("hex")}`;
  return { key, build: () => vonageSender({ applicationId, privateKey }, apiHost) };
}

type Credentials = { applicationId: string; privateKey: string } | { apiKey: string; apiSecret: string };

function vonageSender(credentials: Credentials, apiHost: string): Sender {
  const vonage = new Vonage(credentials, { apiHost, timeout: env().SEND_TIMEOUT_MS });
  return async (outbound) => {
    const message = vonageMessage(outbound);
    try {
      const { messageUUID } = await vonage.messages.send(message);
      if (!messageUUID) throw new SendFailure(null, null, "Vonage answered without a message id.");
      return { messageUuid: messageUUID };
    } catch (error) {
      throw await asSendFailure(error, apiHost);
    }
  };
}

/** The SDK's message object for one outbound message (its class decides the wire body). */
function vonageMessage({ channel, from, to, clientRef, content }: OutboundMessage) {
  switch (content.type) {
    case "text":
      return channel === "whatsapp" ? new WhatsAppText({ to, from, text: content.text, clientRef }) : new SMS(content.text, to, from, clientRef);
    case "template":
      // Stored only on WhatsApp cases (queueReply checks); anything else is refused, not sent as text.
      if (channel !== "whatsapp") throw new SendFailure(400, "Invalid params", "A WhatsApp template cannot be sent by SMS.");
      // Wire body (VONAGE.md): {"channel":"whatsapp","message_type":"template","whatsapp":{"policy":"deterministic",
      // "locale":…},"template":{"name":…,"parameters":[…]},"client_ref":…}. The SDK types the locale as its enum
      // of WhatsApp's codes; the code was checked for its shape when the template was saved.
      return new WhatsAppTemplate({
        to,
        from,
        whatsapp: { policy: "deterministic", locale: content.locale as WhatsAppLanguageCode },
        template: { name: content.name, parameters: content.parameters },
        clientRef,
      });
    case "media":
      return mediaMessage({ channel, from, to, clientRef, content });
  }
}

/** Wire body `message_type` image | audio | video | file with `{ url, caption?, name? }`. */
function mediaMessage({ channel, from, to, clientRef, content }: OutboundMessage & { content: Extract<OutboundContent, { type: "media" }> }) {
  if (channel !== "whatsapp") throw new SendFailure(400, "Invalid params", "SMS cannot carry files.");
  const { kind, url, caption, name } = content;
  switch (kind) {
    case "image":
      return new WhatsAppImage({ to, from, clientRef, image: { url, ...(caption ? { caption } : {}) } });
    case "audio":
      return new WhatsAppAudio({ to, from, clientRef, audio: { url } });
    case "video": {
      // WhatsApp shows a video's caption; the SDK's type only lacks the field.
      const video = { url, ...(caption ? { caption } : {}) };
      return new WhatsAppVideo({ to, from, clientRef, video });
    }
    case "file":
      return new WhatsAppFile({ to, from, clientRef, file: { url, ...(caption ? { caption } : {}), ...(name ? { name } : {}) } });
  }
}

/** The SDK throws with `.response` (a fetch Response, RFC 7807 body) on non-2xx answers. */
async function asSendFailure(error: unknown, apiHost: string): Promise<SendFailure> {
  if (error instanceof SendFailure) return error;
  const response = (error as { response?: Response }).response;
  if (response && typeof response.status === "number") {
    let body: { title?: unknown; detail?: unknown } = {};
    try {
      body = (await response.clone().json()) as typeof body;
    } catch {
      // not JSON: keep the status line
    }
    const title = typeof body.title === "string" || typeof body.title === "number" ? String(body.title) : null;
    const detail = typeof body.detail === "string" ? body.detail : `${response.status} ${response.statusText || "error"}`;
    return new SendFailure(response.status, title ?? String(response.status), detail);
  }
  // The SDK's fetch throws a FetchError with the system error's code on itself; Node's own
  // fetch puts it on `cause`.
  const failed = error as { code?: unknown; cause?: { code?: string } };
  const code = typeof failed.code === "string" ? failed.code : failed.cause?.code;
  if (isNotSentNetworkError(code)) return new SendFailure(null, null, `Could not reach ${apiHost}: ${code}`, true);
  const what = error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError") ? "no answer in time" : (code ?? (error instanceof Error ? error.message : String(error)));
  return new SendFailure(
    null,
    UNKNOWN_OUTCOME,
    `${apiHost} did not answer (${what}): the message may or may not have been sent. Check with the person before sending it again.`,
  );
}

// Settings are read again at most every few seconds, so a change in Settings > Server
// reaches a running worker without a restart.
let cached: { at: number; resolved: Resolved; key: string | null; sender: Sender | null } | null = null;
const SETTINGS_TTL_MS = 5_000;

export async function currentSender(): Promise<Sender> {
  if (!cached || Date.now() - cached.at > SETTINGS_TTL_MS) {
    const resolved = await resolveSender();
    const key = "key" in resolved ? resolved.key : null;
    const sender = key !== null && cached?.key === key ? cached.sender : "build" in resolved ? resolved.build() : null;
    cached = { at: Date.now(), resolved, key, sender };
  }
  if (!cached.sender) throw new SendFailure(400, "Not configured", "error" in cached.resolved ? cached.resolved.error : "No provider");
  return cached.sender;
}
