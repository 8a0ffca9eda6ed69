/**
 * An advisory request joins a group once confirmed, and the secretariat moves
 * one by editing its `groupId` (both groups follow) — docs/design.md §7. A
 * function of its own, deployed one instance at a time: grouping reads every
 * open group, so requests arriving together are grouped one after another
 * instead of contending for the same documents.
 */
import { assignToGroup, syncGroup } from "../usecases/advisory";
import { react, writtenOf, type LinkedContext, type Reaction, type Written, type WrittenEvent } from "./reactions";

const groupIds = ({ before, after }: Written) =>
  [before?.get("groupId"), after?.get("groupId")] as (string | undefined)[];

const reactions: Reaction<Written>[] = [
  {
    name: "joinAdvisoryGroup",
    when: ({ after }) =>
      after?.get("kind") === "advisory" && after.get("status") === "received" && !after.get("groupId"),
    run: (w, { now, linkKey }) => assignToGroup(w.id, linkKey, now),
  },
  {
    name: "syncMovedGroups",
    when: (w) => groupIds(w)[0] !== groupIds(w)[1],
    run: async (w, { linkKey, now }) => {
      for (const groupId of groupIds(w)) if (groupId) await syncGroup(groupId, linkKey, now);
    },
  },
];

export async function onAdvisoryRequestWritten(event: WrittenEvent, context: LinkedContext): Promise<void> {
  const written = writtenOf(event);
  if (written) await react("onAdvisoryRequestWritten", written, reactions, context);
}
