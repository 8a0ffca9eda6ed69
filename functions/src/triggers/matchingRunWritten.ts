/** A `matchingRuns` document: `requested` runs the matching, `approved` proposes its drafts (docs/design.md §5). */
import { approveRun, runMatching } from "../usecases/matching";
import { writtenOf, type TriggerContext, type WrittenEvent } from "./reactions";

export async function onMatchingRunWritten(event: WrittenEvent, { now }: TriggerContext): Promise<void> {
  const written = writtenOf(event);
  const status = written?.after?.get("status") as string | undefined;
  if (!written || !status) return;
  if (status === "requested") await runMatching(written.id, now);
  else if (status === "approved" && written.before?.get("status") !== "approved") await approveRun(written.id);
}
