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

/**
 * The mailbox an address delivers to: `marta+1@x.cat` and `Marta+2@X.cat`
 * both reach `marta@x.cat`, so a cap per address would be no cap at all.
 */
export function mailboxOf(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at < 0) return address;
  const local = address.slice(0, at).split("+")[0];
  return `${local}${address.slice(at)}`;
}

const dayCounterKeptMs = 2 * 24 * 60 * 60_000;

/** The counter of intake emails sent to one mailbox on one day of the programme's calendar. */
export function emailCapCounter(secret: string, email: string, now: Date, timeZone: string) {
  const day = isoDay(now, timeZone);
  return {
    id: `mail-${keyed(secret, "email", mailboxOf(email))}-${day}`,
    day,
    expiresAt: new Date(now.getTime() + dayCounterKeptMs),
  };
}

/** A counter for everyone of one programme day (`{name}-{yyyy-mm-dd}`), kept two days. */
export function dayCounter(name: string, now: Date, timeZone: string) {
  const day = isoDay(now, timeZone);
  return { id: `${name}-${day}`, day, expiresAt: new Date(now.getTime() + dayCounterKeptMs) };
}

/**
 * The counter of every intake email of one day (docs/design.md §4a): a ceiling
 * whoever posts, so no flood of made-up addresses spends the day's sending.
 */
export const intakeMailDayCounter = (now: Date, timeZone: string) => dayCounter("intake-mail", now, timeZone);
