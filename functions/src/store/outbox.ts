/** Writes the email outbox (DESIGN §8): emails are documents first. */
import type { Transaction } from "firebase-admin/firestore";
import type { MailDraft } from "../domain/mail";
import { db } from "../firebase";

export const mailCollection = () => db.collection("mail");

/**
 * Queues each draft whose id is not in the outbox yet. It reads before it
 * writes, so call it after the transaction's other reads and before its writes.
 */
export async function queueMail(
  tx: Transaction,
  drafts: readonly MailDraft[],
  from: string,
  now: Date,
  reads?: { add(n: number): void },
): Promise<void> {
  if (drafts.length === 0) return;
  const refs = drafts.map((draft) => mailCollection().doc(draft.id));
  const existing = await tx.getAll(...refs);
  reads?.add(existing.length);
  drafts.forEach(({ id: _id, ...draft }, i) => {
    if (existing[i]?.exists) return;
    tx.create(refs[i]!, { ...draft, from, createdAt: now, delivery: { state: "PENDING", attempts: 0 } });
  });
}
