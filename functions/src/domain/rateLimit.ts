/**
 * Intake limits (docs/design.md §4a): a fixed window per client, and a daily cap of
 * intake emails per address. Counters live in Firestore so every function
 * instance shares them; their keys are keyed hashes (HMAC with a secret), so
 * neither an IP address nor an email address is stored, and nobody without
 * the secret can tell from an id whose counter it is.
 */
import { createHmac } from "node:crypto";
import { isoDay } from "./time";

const keyed = (secret: string, purpose: string, value: string) =>
  createHmac("sha256", secret).update(`${purpose}|${value}`).digest("hex").slice(0, 32);

export function rateLimitBucket(secret: string, clientAddress: string, now: Date, windowMs: number) {
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  return {
    id: `intake-${keyed(secret, "client", clientAddress)}-${windowStart}`,
    windowStart: new Date(windowStart),
    /** For a Firestore TTL policy on `expiresAt` (docs/operations.md, "Deploying"). */
    expiresAt: new Date(windowStart + 2 * windowMs),
    retryAfterSeconds: Math.ceil((windowStart + windowMs - now.getTime()) / 1000),
  };
}

/** The counter of intake emails sent to one address on one day of the programme's calendar. */
export function emailCapCounter(secret: string, email: string, now: Date, timeZone: string) {
  const day = isoDay(now, timeZone);
  return {
    id: `mail-${keyed(secret, "email", email.toLowerCase())}-${day}`,
    day,
    expiresAt: new Date(now.getTime() + 2 * 24 * 60 * 60_000),
  };
}
