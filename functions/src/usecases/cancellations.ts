/**
 * A pairing cancelled or deleted by the secretariat (or by a withdrawal),
 * settled in one transaction (docs/design.md §10): a deleted pair is remembered so it
 * is never proposed again, the mentee goes back to `received` unless another
 * pairing holds them, whoever had been told hears it is off, and the place it
 * held gives someone a second chance. The change is guarded (docs/design.md §15): its
 * emails wait out the mass-change window, and are held if it is one of many.
 */
import { z } from "zod";
import { StoredApplication } from "../domain/application";
import { guardedChangeIds, runGuard } from "../domain/massChange";
import { freedRunId } from "../domain/matchingRun";
import { capacityHoldingStatuses, endedPairingEffects, Pairing, removedPairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { inTransaction } from "../store/repository";
import { cancellationEmails } from "../views/pairingEmails";
import { applicantPages } from "./applicantPages";
import { guardAgainstMassChange, guardedChange } from "./massChange";
import { secondChanceRun } from "./secondChances";

const Holder = z.object({ status: z.string() });

/**
 * `before` is the pairing as it was before the write that cancelled or
 * deleted it (the trigger's event): who had been told depends on it.
 */
export async function settleEndedPairing(
  id: string,
  before: Pairing,
  how: "cancelled" | "deleted",
  context: { linkKey: string; settings: ProgrammeSettings; now: Date },
): Promise<void> {
  const { linkKey, settings, now } = context;
  const changed = await inTransaction(async (tx) => {
    // The pairing as the emails describe it: the cancelled one carries the secretariat's `cancelReason`.
    let ended: Pairing = before;
    if (how === "cancelled") {
      const current = await tx.read("pairings", id, Pairing);
      if (current?.status !== "cancelled") return false;
      ended = current;
    } else if (await tx.exists("pairings", id)) return false;
    const remembered = how === "deleted" && (await tx.exists("removedPairings", id));
    const menteeId = before.mentee.applicationId;
    const applications = {
      mentee: await tx.read("applications", menteeId, StoredApplication),
      mentor: await tx.read("applications", before.mentor.applicationId, StoredApplication),
    };
    const heldElsewhere = (await tx.query(queries.pairingsOfParty("mentee", menteeId), Holder)).some(
      (doc) => doc.id !== id && (capacityHoldingStatuses as readonly string[]).includes(doc.data.status),
    );
    const effects = endedPairingEffects(before, ended, how, applications, heldElsewhere);
    if (!effects) return false;
    // A pairing a withdrawal cancelled is part of that withdrawal, not a change of its own.
    const withdrawn = (["mentee", "mentor"] as const).find((role) => applications[role]?.status === "withdrawn");
    const change = withdrawn
      ? await guardedChange(
          tx,
          guardedChangeIds.withdrawal(before[withdrawn].applicationId),
          "withdrawal",
          `applications/${before[withdrawn].applicationId}`,
          now,
        )
      : await guardedChange(
          tx,
          guardedChangeIds.pairing(id),
          how === "deleted" ? "pairingDeleted" : "pairingCancelled",
          `pairings/${id}`,
          now,
        );
    const pages = await applicantPages(tx, before, { linkKey, publicBaseUrl: settings.publicBaseUrl, now });
    const run = effects.secondChance
      ? await secondChanceRun(tx, freedRunId(id), { cycle: before.cycle, pairingId: id, ...effects.secondChance }, now)
      : null;
    const emails = cancellationEmails(id, ended, effects.told, pages, settings).map((m) => ({
      ...m,
      guard: change.guard,
    }));
    await queueMail(tx, emails, settings, now);
    change.record();
    if (effects.remember && !remembered) tx.create("removedPairings", id, removedPairing(before, now));
    if (effects.menteeBackToReceived) tx.update("applications", menteeId, { status: "received", updatedAt: now });
    if (run) {
      const sendsProposals = (effects.secondChance?.proposeAs ?? settings.rematchStatus) === "proposed";
      tx.create("matchingRuns", run.id, { ...run.data, ...runGuard(change.guard, sendsProposals) });
    }
    return true;
  });
  if (changed) await guardAgainstMassChange(now, settings);
}
