/** The intake limits' counters: keyed hashes of client addresses, counted per window, and the day's intake mail. */
import { intakeMailDayCounter, rateLimitBucket } from "../domain/rateLimit";
import { store } from "./repository";

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
 * Counts one submission that may be emailed against the day's intake ceiling,
 * and returns the day's count; the same atomic increment, for the same reason.
 */
export async function countIntakeMail(now: Date, timeZone: string) {
  const counter = intakeMailDayCounter(now, timeZone);
  const count = await store.increment("rateLimits", counter.id, "count", 1, { expiresAt: counter.expiresAt });
  return { count, day: counter.day };
}
