// SPEC §4 / VONAGE.md: WhatsApp allows free text only within 24 hours of the person's last
// message; outside it Vonage rejects the message (asynchronously, error 1340).
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WhatsAppWindow =
  | { open: true; closesAt: Date }
  | { open: false; lastInboundAt: Date | null };

export function whatsappWindow(lastInboundAt: Date | null, now: Date): WhatsAppWindow {
  if (!lastInboundAt) return { open: false, lastInboundAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS);
  return closesAt.getTime() > now.getTime() ? { open: true, closesAt } : { open: false, lastInboundAt };
}
