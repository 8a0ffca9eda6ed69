/** Writes the email outbox (docs/design.md §8): emails are documents first. */
import { massChangeWindowMs } from "../domain/massChange";
import { guardedDelivery, mailExpiresAt, type MailDraft } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import type { Tx } from "./repository";

/**
 * Queues each draft whose id is not in the outbox yet, to be deleted by TTL
 * `mailRetentionDays` later (docs/design.md §13); a guarded one waits out the
 * mass-change window (docs/design.md §15). It reads before it writes, so call it after
 * the transaction's other reads and before its writes.
 */
export async function queueMail(
  tx: Tx,
  drafts: readonly MailDraft[],
  settings: Pick<ProgrammeSettings, "senderEmail" | "mailRetentionDays">,
  now: Date,
): Promise<void> {
  if (drafts.length === 0) return;
  const queued = await tx.existing(
    "mail",
    drafts.map((draft) => draft.id),
  );
  const expiresAt = mailExpiresAt(now, settings.mailRetentionDays);
  for (const { id, ...draft } of drafts) {
    if (!queued.has(id))
      tx.create("mail", id, {
        ...draft,
        from: settings.senderEmail,
        createdAt: now,
        expiresAt,
        delivery: draft.guard ? guardedDelivery(draft.guard, massChangeWindowMs) : { state: "PENDING", attempts: 0 },
      });
  }
}
