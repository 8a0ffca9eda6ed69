/** Advisory requests and groups: grouping, membership, invitations, hours and materials. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { assignToGroup, recordMaterials, sendInvitations, syncGroup, updateHoursReport } from "../usecases/advisory";

type Event = FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>;

export async function onApplicationWritten(event: Event): Promise<void> {
  const now = new Date();
  const before = event.data?.before;
  const after = event.data?.after;
  if (
    after?.exists &&
    after.get("kind") === "advisory" &&
    after.get("status") === "received" &&
    !after.get("groupId")
  ) {
    await assignToGroup(after.id, now);
  }
  // The secretariat moves a request by editing its groupId: both groups follow.
  const was = before?.get("groupId") as string | undefined;
  const is = after?.get("groupId") as string | undefined;
  if (was !== is) for (const groupId of [was, is]) if (groupId) await syncGroup(groupId);
}

export async function onAdvisoryGroupWritten(event: Event, linkKey: string): Promise<void> {
  const now = new Date();
  const after = event.data?.after;
  if (!after?.exists) return updateHoursReport(now);
  await sendInvitations(after.id, linkKey, now);
  await recordMaterials(after.id, now);
  const before = event.data?.before;
  const changed = (field: string) =>
    JSON.stringify(before?.get(field) ?? null) !== JSON.stringify(after.get(field) ?? null);
  if (!before?.exists || changed("status") || changed("sessions") || changed("hoursPlanned")) {
    await updateHoursReport(now);
  }
}
