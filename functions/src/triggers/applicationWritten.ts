/**
 * Any change to an application, from a form or the console: an advisory
 * request joins (or moves between) groups; a withdrawal set in the console
 * takes effect; a mentor confirmed after the cycle's matching gives a second
 * chance; a corrected name or address reaches its copies; the cycle's report
 * is marked out of date.
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { PersonCopy, personChanged } from "../domain/corrections";
import { reportedApplicationFields } from "../domain/reports";
import { readSettings } from "../store/programme";
import { assignToGroup, syncGroup } from "../usecases/advisory";
import { propagateCorrection } from "../usecases/corrections";
import { markReportsDirty } from "../usecases/reports";
import { requestLateMentorRun } from "../usecases/secondChances";
import { settleConsoleWithdrawal } from "../usecases/withdrawal";
import { reportCycleOf } from "./snapshots";

type Event = FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>;

const personOf = (snap: DocumentSnapshot | undefined) => {
  const parsed = PersonCopy.safeParse(snap?.exists ? snap.get("person") : undefined);
  return parsed.success ? parsed.data : null;
};

export async function onApplicationWritten(event: Event, linkKey: string): Promise<void> {
  const now = new Date();
  const before = event.data?.before;
  const after = event.data?.after;
  const status = after?.exists ? (after.get("status") as unknown) : undefined;
  const statusBefore = before?.exists ? (before.get("status") as unknown) : undefined;
  const kind = (after?.exists ? after : before)?.get("kind") as unknown;
  if (after?.exists && kind === "advisory" && status === "received" && !after.get("groupId")) {
    await assignToGroup(after.id, now);
  }
  // The secretariat moves a request by editing its groupId: both groups follow.
  const was = before?.get("groupId") as string | undefined;
  const is = after?.get("groupId") as string | undefined;
  if (was !== is) for (const groupId of [was, is]) if (groupId) await syncGroup(groupId, linkKey, now);

  // Unconfirmed applications are nobody's yet: they count nowhere (DESIGN §4a).
  const counted = (snap: DocumentSnapshot | undefined) =>
    snap?.exists && snap.get("status") !== "unconfirmed"
      ? JSON.stringify(reportedApplicationFields.map((field) => snap.get(field) ?? null))
      : null;
  if (counted(before) !== counted(after)) {
    await markReportsDirty([await reportCycleOf(before), await reportCycleOf(after)], now);
  }
  if (!after?.exists) return;
  const settings = await readSettings();
  if (settings && status === "withdrawn") await settleConsoleWithdrawal(after.id, { linkKey, settings, now });
  const confirmedNow = status === "received" && statusBefore !== "received" && statusBefore !== "matched";
  if (kind === "mentor" && confirmedNow) await requestLateMentorRun(after.id, now);
  const personBefore = personOf(before);
  const personAfter = personOf(after);
  if (personBefore && personAfter && personChanged(personBefore, personAfter)) {
    await propagateCorrection(after.id, personBefore, now);
  }
}
