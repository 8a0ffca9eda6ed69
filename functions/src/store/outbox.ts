/** Writes the email outbox (DESIGN §8): emails are documents first. */
import type { MailDraft } from "../domain/mail";
import type { Tx } from "./repository";

/**
 * Queues each draft whose id is not in the outbox yet. It reads before it
 * writes, so call it after the transaction's other reads and before its writes.
 */
export async function queueMail(tx: Tx, drafts: readonly MailDraft[], from: string, now: Date): Promise<void> {
  if (drafts.length === 0) return;
  const queued = await tx.existing(
    "mail",
    drafts.map((draft) => draft.id),
  );
  for (const { id, ...draft } of drafts) {
    if (!queued.has(id))
      tx.create("mail", id, { ...draft, from, createdAt: now, delivery: { state: "PENDING", attempts: 0 } });
  }
}
