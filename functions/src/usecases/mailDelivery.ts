/**
 * Delivers `mail` documents through Resend (DESIGN §8). A message is claimed
 * in a transaction before it is sent, its result is written only while the
 * claim still holds, and the document id is the idempotency key, so duplicate
 * or concurrent events never send twice.
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { z } from "zod";
import { afterAttempt, claimDelivery, Delivery, Mail, unclaimedBefore, wantsDelivery } from "../domain/mail";
import { documentProblem } from "../domain/problem";
import { logs } from "../logs";
import { sendEmail } from "../resend";
import { readSettings } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, store } from "../store/repository";

const WithDelivery = z.object({ delivery: Delivery.optional().catch(undefined) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function claim(id: string) {
  return inTransaction(async (tx) => {
    const raw = await tx.raw("mail", id);
    if (!raw) return null;
    const now = new Date();
    const delivery = claimDelivery(id, WithDelivery.parse(raw).delivery, now);
    if (!delivery) return null;
    const mail = Mail.safeParse(raw);
    if (!mail.success) {
      const error = documentProblem(mail.error.issues);
      logs.mailInvalid(id, error);
      tx.update("mail", id, {
        delivery: { ...delivery, state: "ERROR", error, endTime: now, leaseExpireTime: null },
      });
      return null;
    }
    tx.update("mail", id, { delivery });
    return { mail: mail.data, delivery };
  });
}

/** Writes the outcome only if our claim (identified by its start time) still holds. */
async function finish(id: string, claimedAt: Date, delivery: Delivery): Promise<void> {
  await inTransaction(async (tx) => {
    const current = (await tx.read("mail", id, WithDelivery))?.delivery;
    if (current?.state !== "PROCESSING" || current.startTime?.getTime() !== claimedAt.getTime()) {
      logs.mailLeaseLost(id);
      return;
    }
    tx.update("mail", id, { delivery });
  });
  logs.mailFinished(id, delivery.state, delivery.error);
}

/** Claims and sends one message, retrying transient failures inline; the clock is read per attempt. */
export async function deliverMail(id: string, apiKey: string): Promise<void> {
  const claimed = await claim(id);
  if (!claimed) return;
  const { mail } = claimed;
  const claimedAt = claimed.delivery.startTime!;
  logs.mailClaimed(id, claimed.delivery.attempts);
  const from = mail.from ?? (await readSettings())?.senderEmail;
  let delivery = claimed.delivery;
  for (;;) {
    const result = from
      ? await sendEmail(
          apiKey,
          {
            from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            replyTo: mail.replyTo,
            attachments: mail.attachments,
          },
          delivery.idempotencyKey ?? id,
        )
      : ({
          ok: false,
          status: 400,
          name: "missing_sender",
          message: "Falta senderEmail a settings/programme",
          retryAfterMs: null,
        } as const);
    const next = afterAttempt(delivery, result, new Date());
    if (next.step === "finish") return finish(id, claimedAt, next.delivery);
    logs.mailAttemptFailed(id, next.delivery.error, next.ms);
    delivery = next.delivery;
    await sleep(next.ms);
  }
}

/** The mail a trigger should see again: retries now due, and claims whose lease lapsed after a crash. */
export async function sweepMail(now: Date, apiKey: string): Promise<number> {
  const due = [
    ...(await store.ids(queries.mailDueForRetry(now, 200))),
    ...(await store.ids(queries.mailWithLapsedLease(now, 200))),
    ...(await store.ids(queries.mailUnclaimedSince(unclaimedBefore(now), 200))),
  ];
  logs.mailSweep(due.length);
  // One at a time: the sweep must not burst past Resend's rate limit.
  for (const id of due) await deliverMail(id, apiKey);
  return due.length;
}

/** Whether a written mail document asks for delivery now (a cheap look before the claim). */
export function wantsDeliveryNow(snap: DocumentSnapshot | undefined, now: Date): boolean {
  const mail = store.peek(snap, WithDelivery);
  return mail !== null && wantsDelivery(mail.delivery, now);
}
