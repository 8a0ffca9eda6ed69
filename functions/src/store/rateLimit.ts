/** The limits' counters: keyed hashes of client addresses, counted per window, and counters of a whole day. */
import { z } from "zod";
import { emailCapCounter, rateLimitBucket } from "../domain/rateLimit";
import { store, type Tx } from "./repository";

const Counter = z.object({ count: z.number().int().default(0) });

/**
 * Counts one request and returns the count in its window. An atomic increment
 * (no transaction) keeps a busy city hall's parallel posts from contending;
 * a concurrent increment can only make the count read higher, never lower.
 */
export async function countRequest(secret: string, clientAddress: string, now: Date, windowMs: number) {
  const bucket = rateLimitBucket(secret, clientAddress, now, windowMs);
  const count = await store.increment("rateLimits", bucket.id, "count", 1, {
    windowStart: bucket.windowStart,
    expiresAt: bucket.expiresAt,
  });
  return { count, retryAfterSeconds: bucket.retryAfterSeconds };
}

/**
 * Counts one on a counter for everyone of one day (`dayCounter`: the day's
 * intake mail, the day's sends) and returns the day's count; the same atomic
 * increment, for the same reason.
 */
export async function countToday(counter: { id: string; day: string; expiresAt: Date }) {
  const count = await store.increment("rateLimits", counter.id, "count", 1, { expiresAt: counter.expiresAt });
  return { count, day: counter.day };
}

/**
 * One mailbox's intake emails today (docs/design.md §4a): confirmation requests, their
 * reminder and the lost-links email share the cap. Reads, so call it before the
 * transaction's writes; `count` is the write that counts one more.
 */
export async function mailboxToday(tx: Tx, secret: string, email: string, limit: number, now: Date, timeZone: string) {
  const cap = emailCapCounter(secret, email, now, timeZone);
  const sent = (await tx.read("rateLimits", cap.id, Counter))?.count ?? 0;
  return {
    allowed: sent < limit,
    day: cap.day,
    nth: sent + 1,
    count: () => tx.set("rateLimits", cap.id, { count: sent + 1, expiresAt: cap.expiresAt }),
  };
}
