/** A `matchingRuns` document: `requested` runs the matching, `approved` proposes its drafts. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { approveRun, runMatching } from "../store/matching";

export async function onMatchingRunWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
): Promise<void> {
  const status = event.data?.after.get("status") as string | undefined;
  if (status === "requested") await runMatching(event.params.id);
  else if (status === "approved" && event.data?.before.get("status") !== "approved") await approveRun(event.params.id);
}
