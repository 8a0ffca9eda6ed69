/**
 * Delivers `mail` documents through Resend (DESIGN §8). A message is claimed
 * in a transaction before it is sent, its result is written only while the
 * claim still holds, and the document id is the idempotency key, so duplicate
 * or concurrent events never send twice.
 */
import type { DocumentReference } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { afterAttempt, claimDelivery, Delivery, Mail, wantsDelivery } from "../domain/mail";
import { db, toPlain } from "../firebase";
import { logs } from "../logs";
import { sendEmail } from "../resend";
import { mailCollection } from "../store/outbox";
import { readSettings } from "../store/programme";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readDelivery(data: FirebaseFirestore.DocumentData | undefined): Delivery | undefined {
  const parsed = Delivery.optional().safeParse(toPlain(data?.delivery));
  return parsed.success ? parsed.data : undefined;
}

async function claim(ref: DocumentReference) {
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return null;
    const delivery = claimDelivery(ref.id, readDelivery(snap.data()), new Date());
    if (!delivery) return null;
    const mail = Mail.safeParse(toPlain(snap.data()));
    if (!mail.success) {
      const error = `Document de correu no vàlid: ${mail.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
      logs.mailInvalid(ref.id, error);
      tx.update(ref, { delivery: { ...delivery, state: "ERROR", error, endTime: new Date(), leaseExpireTime: null } });
      return null;
    }
    tx.update(ref, { delivery });
    return { mail: mail.data, delivery };
  });
}

/** Writes the outcome only if our claim (identified by its start time) still holds. */
async function finish(ref: DocumentReference, claimedAt: Date, delivery: Delivery): Promise<void> {
  await db.runTransaction(async (tx) => {
    const current = readDelivery((await tx.get(ref)).data());
    if (current?.state !== "PROCESSING" || current.startTime?.getTime() !== claimedAt.getTime()) {
      logs.mailLeaseLost(ref.id);
      return;
    }
    tx.update(ref, { delivery });
  });
  logs.mailFinished(ref.id, delivery.state, delivery.error);
}

export async function deliverMail(id: string, apiKey: string): Promise<void> {
  const ref = mailCollection().doc(id);
  const claimed = await claim(ref);
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
    if (next.step === "finish") return finish(ref, claimedAt, next.delivery);
    logs.mailAttemptFailed(id, next.delivery.error, next.ms);
    delivery = next.delivery;
    await sleep(next.ms);
  }
}

export async function onMailWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
  apiKey: string,
): Promise<void> {
  const after = event.data?.after;
  if (!after?.exists) return;
  if (!wantsDelivery(readDelivery(after.data()), new Date())) return;
  await deliverMail(after.id, apiKey);
}
