/** An erasure or access request (DESIGN §13): each write of it works its next step. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { advancePrivacyRequest } from "../usecases/privacy";

export async function onPrivacyRequestWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
): Promise<void> {
  const after = event.data?.after;
  if (!after?.exists) return;
  // Done is final; a failed one is looked at again in case the secretariat corrected it.
  if (after.get("status") === "done") return;
  await advancePrivacyRequest(after.id, new Date());
}
