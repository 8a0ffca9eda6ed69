/**
 * A pairing set to `proposed` (by a run's approval or by hand) sends its
 * proposal once; any other write keeps its dates and `nextDeadlineAt` true.
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { readSettings } from "../store/programme";
import { syncPairing } from "../usecases/mentorship";
import { proposePairing } from "../usecases/proposals";

export async function onPairingWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
  linkKey: string,
): Promise<void> {
  const after = event.data?.after;
  // The snapshot's id, not event.params.id: the latter can arrive URL-encoded for ids typed by hand.
  if (!after?.exists) return;
  const settings = await readSettings();
  if (!settings) return;
  const now = new Date();
  const status = after.get("status") as unknown;
  if (status === "proposed" && !after.get("proposedAt")) await proposePairing(after.id, linkKey, settings, now);
  // A draft has no dates or deadlines to keep (and a hand-made one is incomplete by design).
  else if (status !== "draft") await syncPairing(after.id, settings, now);
}
