/**
 * A withdrawal (docs/design.md §10), from the owner's page or set by the secretariat
 * in the console, in one consistent step: the application's draft, proposed
 * and in-course pairings are cancelled, the other person of a mentorship
 * already agreed is told, the secretariat gets what it cancelled, and an
 * advisory request leaves its group (the group trigger rebuilds it). What a
 * cancellation then frees is the pairing trigger's (`settleEndedPairing`). A withdrawal
 * is a guarded change (docs/design.md §15): its emails wait out the mass-change window.
 */
import { StoredApplication } from "../domain/application";
import { guardedChangeIds } from "../domain/massChange";
import { cancelForWithdrawal, Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { inTransaction, removedField, type Tx } from "../store/repository";
import { withdrawalEmails } from "../views/pairingEmails";
import { applicantPage } from "./applicantPages";
import { guardAgainstMassChange, guardedChange } from "./massChange";

export type WithdrawnBy = "owner" | "secretariat";

/**
 * Reads, queues and writes: call it as the last step of a transaction that made
 * the application `withdrawn`, and `guardAgainstMassChange` once it committed.
 */
export async function completeWithdrawal(
  tx: Tx,
  id: string,
  application: StoredApplication,
  by: WithdrawnBy,
  context: { linkKey: string; settings: ProgrammeSettings; now: Date },
): Promise<void> {
  const { linkKey, settings, now } = context;
  const held = [
    ...(await tx.query(queries.pairingsOfParty("mentor", id), Pairing)),
    ...(await tx.query(queries.pairingsOfParty("mentee", id), Pairing)),
  ];
  const cancellations = [];
  for (const { id: pairingId, data } of held) {
    const update = cancelForWithdrawal(data, id, now);
    if (!update) continue;
    const other = data.mentor.applicationId === id ? data.mentee : data.mentor;
    const otherPage = await applicantPage(tx, other.applicationId, {
      linkKey,
      publicBaseUrl: settings.publicBaseUrl,
      now,
    });
    cancellations.push({ pairingId, before: data, update, otherPage });
  }
  const change = await guardedChange(tx, guardedChangeIds.withdrawal(id), "withdrawal", `applications/${id}`, now);
  const emails = withdrawalEmails(id, application, cancellations, by, settings).map((m) => ({
    ...m,
    guard: change.guard,
  }));
  await queueMail(tx, emails, settings, now);
  change.record();
  for (const { pairingId, update } of cancellations) tx.update("pairings", pairingId, update);
  // Leaving the group: the group trigger rebuilds it from the requests that still name it.
  // Merged, so fields the secretariat added in the console stay.
  const { groupId: _left, groupReason: _why, ...rest } = application;
  tx.set(
    "applications",
    id,
    { ...rest, withdrawnAt: application.withdrawnAt ?? now, groupId: removedField(), groupReason: removedField() },
    { merge: true },
  );
}

/** The secretariat set `status: "withdrawn"` in the console: the same step, once. */
export async function settleConsoleWithdrawal(
  id: string,
  context: { linkKey: string; settings: ProgrammeSettings; now: Date },
): Promise<void> {
  const completed = await inTransaction(async (tx) => {
    const application = await tx.read("applications", id, StoredApplication);
    // Done already (its withdrawal date is set and it left its group), or no longer withdrawn.
    if (application?.status !== "withdrawn" || (application.withdrawnAt && !application.groupId)) return false;
    await completeWithdrawal(tx, id, application, "secretariat", context);
    return true;
  });
  if (completed) await guardAgainstMassChange(context.now, context.settings);
}
