/**
 * Intake rate limit: a fixed window per client address. The counter lives in
 * Firestore so every function instance shares it; the address is hashed, so
 * no IP address is ever stored.
 */
import { createHash } from "node:crypto";

export function rateLimitBucket(clientAddress: string, now: Date, windowMs: number) {
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const client = createHash("sha256").update(`intake|${clientAddress}`).digest("hex").slice(0, 24);
  return {
    id: `intake-${client}-${windowStart}`,
    windowStart: new Date(windowStart),
    /** For a Firestore TTL policy on `expiresAt` (README, "Desplegament"). */
    expiresAt: new Date(windowStart + 2 * windowMs),
    retryAfterSeconds: Math.ceil((windowStart + windowMs - now.getTime()) / 1000),
  };
}
