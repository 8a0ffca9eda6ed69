/**
 * Any change to a pairing: one set to `proposed` (by a run's approval or by
 * hand) sends its proposal once; one cancelled or deleted is settled (DESIGN
 * §10); any other keeps its dates and `nextDeadlineAt` true; a change to what
 * the figures read marks its cycle's report out of date.
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { toPlain } from "../firebase";
import { Pairing } from "../domain/pairing";
import { reportedPairingFields } from "../domain/reports";
import { readSettings } from "../store/programme";
import { settleEndedPairing } from "../usecases/cancellations";
import { syncPairing } from "../usecases/mentorship";
import { proposePairing } from "../usecases/proposals";
import { markReportsDirty } from "../usecases/reports";
import { fieldsChanged } from "./snapshots";

const pairingOf = (snap: DocumentSnapshot | undefined) => {
  const parsed = snap?.exists ? Pairing.safeParse(toPlain(snap.data())) : null;
  return parsed?.success ? parsed.data : null;
};

export async function onPairingWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
  linkKey: string,
): Promise<void> {
  const before = event.data?.before;
  const after = event.data?.after;
  // The snapshot's id, not event.params.id: the latter can arrive URL-encoded for ids typed by hand.
  const id = (after ?? before)?.id;
  if (!id) return;
  const now = new Date();
  if (fieldsChanged(before, after, reportedPairingFields)) {
    await markReportsDirty([after?.get("cycle"), before?.get("cycle")], now);
  }
  const settings = await readSettings();
  if (!settings) return;
  const was = pairingOf(before);
  if (!after?.exists) {
    if (was) await settleEndedPairing(id, was, "deleted", { linkKey, settings, now });
    return;
  }
  const status = after.get("status") as unknown;
  if (status === "cancelled") {
    if (was && was.status !== "cancelled") await settleEndedPairing(id, was, "cancelled", { linkKey, settings, now });
  } else if (status === "proposed" && !after.get("proposedAt")) await proposePairing(id, linkKey, settings, now);
  // A draft has no dates or deadlines to keep (and a hand-made one is incomplete by design).
  else if (status !== "draft") await syncPairing(id, settings, now);
}
