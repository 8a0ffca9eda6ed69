/**
 * Picks up what the delivery trigger left: automatic retries that are now
 * due, and messages stuck in PROCESSING after a crash (their lease lapsed).
 */
import { logs } from "../logs";
import { mailCollection } from "../store/outbox";
import { deliverMail } from "../triggers/mailDelivery";

export async function sweepMail(now: Date, apiKey: string): Promise<number> {
  const [retries, stuck] = await Promise.all([
    mailCollection().where("delivery.state", "==", "RETRY").where("delivery.nextAttemptAt", "<=", now).limit(200).get(),
    mailCollection()
      .where("delivery.state", "==", "PROCESSING")
      .where("delivery.leaseExpireTime", "<=", now)
      .limit(200)
      .get(),
  ]);
  const due = [...retries.docs, ...stuck.docs];
  logs.mailSweep(due.length);
  // One at a time: the sweep must not burst past Resend's rate limit.
  for (const doc of due) await deliverMail(doc.id, apiKey);
  return due.length;
}
