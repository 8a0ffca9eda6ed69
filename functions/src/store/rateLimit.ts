import { FieldValue } from "firebase-admin/firestore";
import { rateLimitBucket } from "../domain/rateLimit";
import { db } from "../firebase";

/**
 * Counts one request and returns the count in its window. An atomic increment
 * (no transaction) keeps a busy city hall's parallel posts from contending;
 * a concurrent increment can only make the count read higher, never lower.
 */
export async function countRequest(clientAddress: string, now: Date, windowMs: number) {
  const bucket = rateLimitBucket(clientAddress, now, windowMs);
  const ref = db.collection("rateLimits").doc(bucket.id);
  await ref.set(
    { count: FieldValue.increment(1), windowStart: bucket.windowStart, expiresAt: bucket.expiresAt },
    { merge: true },
  );
  const count = ((await ref.get()).get("count") as number | undefined) ?? 1;
  return { count, retryAfterSeconds: bucket.retryAfterSeconds };
}
