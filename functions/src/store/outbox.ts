/** Writes the email outbox (docs/design.md §8): emails are documents first. */
import { mailExpiresAt, type MailDraft } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import type { Tx } from "./repository";

/**
 * Queues each draft whose id is not in the outbox yet, to be deleted by TTL
 * `mailRetentionDays` later (docs/design.md §13). It reads before it writes, so call
 * it after the transaction's other reads and before its writes.
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
        delivery: { state: "PENDING", attempts: 0 },
      });
  }
}
