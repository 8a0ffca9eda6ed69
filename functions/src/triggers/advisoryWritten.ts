/**
 * Advisory groups: invitations, materials, hours and the cycle's figures
 * (requests are the application trigger's), each a reaction of its own.
 */
import { recordMaterials, sendInvitations, updateHoursReport } from "../usecases/advisory";
import { markReportsDirty } from "../usecases/reports";
import { react, writtenOf, type Reaction, type LinkedContext, type Written, type WrittenEvent } from "./reactions";
import { fieldsChanged, reportCycleOf } from "./snapshots";

const countedChange = ({ before, after }: Written) =>
  !before || !after || fieldsChanged(before, after, ["status", "sessions", "hoursPlanned"]);

const reactions: Reaction<Written>[] = [
  {
    name: "sendInvitations",
    when: ({ after }) => !!after,
    run: (w, { linkKey, now }) => sendInvitations(w.id, linkKey, now),
  },
  { name: "recordMaterials", when: ({ after }) => !!after, run: (w, { now }) => recordMaterials(w.id, now) },
  { name: "updateHoursReport", when: countedChange, run: (_w, { now }) => updateHoursReport(now) },
  {
    name: "markReportsDirty",
    when: countedChange,
    run: async ({ before, after }, { now }) => markReportsDirty([await reportCycleOf(after ?? before)], now),
  },
];

export async function onAdvisoryGroupWritten(event: WrittenEvent, context: LinkedContext): Promise<void> {
  const written = writtenOf(event);
  if (written) await react("onAdvisoryGroupWritten", written, reactions, context);
}
