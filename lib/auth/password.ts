import "server-only";
import bcrypt from "bcryptjs";
import { randomInt } from "node:crypto";

const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the email is unknown, so a wrong email takes as long as a wrong password.
const UNKNOWN_USER_HASH = bcrypt.hashSync("caseline-unknown-user", COST);

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  return bcrypt.compare(password, hash ?? UNKNOWN_USER_HASH).then((ok) => ok && hash != null);
}

const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * A password people can type: 20 characters from an unambiguous alphabet (~115 bits).
 * randomInt draws each one uniformly (a byte modulo 55 would favour the first 36 letters).
 */
export function generatePassword(): string {
  return Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

export const MIN_PASSWORD_LENGTH = 8;
