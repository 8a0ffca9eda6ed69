/** The intake rate limit's counters: keyed hashes of client addresses, counted per window. */
import { rateLimitBucket } from "../domain/rateLimit";
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
