/** A `matchingRuns` document: `requested` runs the matching, `approved` proposes its drafts. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { approveRun, runMatching } from "../usecases/matching";

export async function onMatchingRunWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
): Promise<void> {
  const after = event.data?.after;
  const status = after?.get("status") as string | undefined;
  // The snapshot's id, not event.params.id: the latter can arrive URL-encoded for ids typed by hand.
  if (!after || !status) return;
  if (status === "requested") await runMatching(after.id, new Date());
  else if (status === "approved" && event.data?.before.get("status") !== "approved") await approveRun(after.id);
}
