/** Advisory groups: invitations, hours and materials (requests are the application trigger's). */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { recordMaterials, sendInvitations, updateHoursReport } from "../usecases/advisory";
import { markReportsDirty } from "../usecases/reports";
import { fieldsChanged, reportCycleOf } from "./snapshots";

type Event = FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>;

export async function onAdvisoryGroupWritten(event: Event, linkKey: string): Promise<void> {
  const now = new Date();
  const before = event.data?.before;
  const after = event.data?.after;
  if (after?.exists) {
    await sendInvitations(after.id, linkKey, now);
    await recordMaterials(after.id, now);
  }
  if (!before?.exists || !after?.exists || fieldsChanged(before, after, ["status", "sessions", "hoursPlanned"])) {
    await updateHoursReport(now);
    await markReportsDirty([await reportCycleOf(after?.exists ? after : before)], now);
  }
}
