/** An erasure or access request (docs/design.md §13): each write of it works its next step. */
import { advancePrivacyRequest } from "../usecases/privacy";
import { writtenOf, type TriggerContext, type WrittenEvent } from "./reactions";

export async function onPrivacyRequestWritten(event: WrittenEvent, { now }: TriggerContext): Promise<void> {
  const after = writtenOf(event)?.after;
  // Done is final; a failed one is looked at again in case the secretariat corrected it.
  if (!after || after.get("status") === "done") return;
  await advancePrivacyRequest(after.id, now);
}
