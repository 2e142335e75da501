// SPEC §1: numbers are stored as E.164 digits without "+" (Vonage's form).

export type NormalisedNumber = { ok: true; number: string } | { ok: false; error: string };

/**
 * Admin input such as "+61 412 345 678" or "0061412345678" → "61412345678". Anything that is
 * not 7–15 digits after normalising is refused with a message to show.
 */
export function normalisePhoneNumber(input: string): NormalisedNumber {
  let value = input.trim().replace(/[\s\-().\u00a0]/g, "");
  if (value.startsWith("+")) value = value.slice(1);
  else if (value.startsWith("00")) value = value.slice(2);
  if (!/^\d+$/.test(value)) {
    return { ok: false, error: "Enter the number in international form with digits only, e.g. +61 412 345 678." };
  }
  if (value.length < 7 || value.length > 15) {
    return { ok: false, error: "A phone number has 7 to 15 digits including its country code." };
  }
  return { ok: true, number: value };
}

/**
 * A number as Vonage sends it in a webhook: usually digits already, sometimes a JSON number,
 * sometimes with "+"; an SMS sender can also be a name ("VONAGE"), which is kept as it is.
 */
export function webhookNumber(value: string | number): string {
  const text = String(value).trim();
  const normalised = normalisePhoneNumber(text);
  return normalised.ok ? normalised.number : text;
}
