/** A CSV export the secretariat asked for (DESIGN §11). */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { runExport } from "../usecases/exports";

export async function onExportWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
): Promise<void> {
  const after = event.data?.after;
  if (after?.exists) await runExport(after.id, new Date());
}
