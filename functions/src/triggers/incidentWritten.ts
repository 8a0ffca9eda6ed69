/** An incident the secretariat closed, or an agreed end date it confirmed. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { readSettings } from "../store/programme";
import { settleIncidentChange } from "../usecases/incidents";

export async function onIncidentWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
  linkKey: string,
): Promise<void> {
  const after = event.data?.after;
  if (!after?.exists || after.get("status") === "open") return;
  const settings = await readSettings();
  if (settings) await settleIncidentChange(after.id, { linkKey, settings, now: new Date() });
}
