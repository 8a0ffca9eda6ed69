/** Advisory groups: invitations, hours and materials (requests are the application trigger's). */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { recordMaterials, sendInvitations, updateHoursReport } from "../usecases/advisory";
import { cycleOfDate, markReportsDirty } from "../usecases/reports";

type Event = FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>;

const createdAt = (snap: DocumentSnapshot | undefined) =>
  (snap?.get("createdAt") as { toDate?: () => Date } | undefined)?.toDate?.();

export async function onAdvisoryGroupWritten(event: Event, linkKey: string): Promise<void> {
  const now = new Date();
  const before = event.data?.before;
  const after = event.data?.after;
  if (after?.exists) {
    await sendInvitations(after.id, linkKey, now);
    await recordMaterials(after.id, now);
  }
  const changed = (field: string) =>
    JSON.stringify(before?.get(field) ?? null) !== JSON.stringify(after?.get(field) ?? null);
  if (!before?.exists || !after?.exists || changed("status") || changed("sessions") || changed("hoursPlanned")) {
    await updateHoursReport(now);
    await markReportsDirty([await cycleOfDate(createdAt(after?.exists ? after : before))], now);
  }
}
