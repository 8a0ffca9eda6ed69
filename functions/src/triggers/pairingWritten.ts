/** A pairing set to `proposed` (by a run's approval or by hand) sends its proposal once. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { proposePairing } from "../store/proposals";

export async function onPairingWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
  linkKey: string,
): Promise<void> {
  const after = event.data?.after;
  if (after?.get("status") === "proposed" && !after.get("proposedAt")) await proposePairing(event.params.id, linkKey);
}
