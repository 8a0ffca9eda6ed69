/**
 * A `matchingRuns` document: `requested` runs the matching, `approved` proposes its drafts
 * (docs/design.md §5); once its pairings go out — approved, or proposed at once by a
 * second chance — its applicants hear what it means for them (docs/design.md §16).
 */
import { readSettings } from "../store/programme";
import { approveRun, runMatching } from "../usecases/matching";
import { sendOutcomes } from "../usecases/outcomes";
import { writtenOf, type LinkedContext, type WrittenEvent } from "./reactions";

export async function onMatchingRunWritten(event: WrittenEvent, { now, linkKey }: LinkedContext): Promise<void> {
  const written = writtenOf(event);
  const status = written?.after?.get("status") as string | undefined;
  if (!written || !status) return;
  const was = written.before?.get("status") as string | undefined;
  if (status === "requested") return runMatching(written.id, now);
  const wentOut =
    (status === "approved" && was !== "approved") ||
    (status === "done" && was !== "done" && written.after?.get("createdAs") === "proposed");
  if (!wentOut) return;
  if (status === "approved") await approveRun(written.id);
  const settings = await readSettings();
  if (settings) await sendOutcomes(written.id, { linkKey, settings, now });
}
