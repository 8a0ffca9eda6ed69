/**
 * A pairing cancelled or deleted by the secretariat (or by a withdrawal),
 * settled in one transaction (docs/design.md §10): a deleted pair is remembered so it
 * is never proposed again, the mentee goes back to `received` unless another
 * pairing holds them, whoever had been told hears it is off, and the place it
 * held gives someone a second chance.
 */
import { z } from "zod";
import { StoredApplication } from "../domain/application";
import { freedRunId } from "../domain/matchingRun";
import { capacityHoldingStatuses, endedPairingEffects, Pairing, removedPairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { inTransaction } from "../store/repository";
import { cancellationEmails } from "../views/pairingEmails";
import { applicantPages } from "./applicantPages";
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
  await inTransaction(async (tx) => {
    // The pairing as the emails describe it: the cancelled one carries the secretariat's `cancelReason`.
    let ended: Pairing = before;
    if (how === "cancelled") {
      const current = await tx.read("pairings", id, Pairing);
      if (current?.status !== "cancelled") return;
      ended = current;
    } else if (await tx.exists("pairings", id)) return;
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
    if (!effects) return;
    const pages = await applicantPages(tx, before, { linkKey, publicBaseUrl: settings.publicBaseUrl, now });
    const run = effects.secondChance
      ? await secondChanceRun(tx, freedRunId(id), { cycle: before.cycle, pairingId: id, ...effects.secondChance }, now)
      : null;
    await queueMail(tx, cancellationEmails(id, ended, effects.told, pages, settings), settings, now);
    if (effects.remember && !remembered) tx.create("removedPairings", id, removedPairing(before, now));
    if (effects.menteeBackToReceived) tx.update("applications", menteeId, { status: "received", updatedAt: now });
    if (run) tx.create("matchingRuns", run.id, run.data);
  });
}
