/** The secretariat's decision on a mass change: `holds/{id}.status` `released` or `dropped` (docs/design.md §15). */
import { settleHold } from "../usecases/massChange";
import { writtenOf, type TriggerContext, type WrittenEvent } from "./reactions";

export async function onHoldWritten(event: WrittenEvent, { now }: TriggerContext): Promise<void> {
  const written = writtenOf(event);
  if (written?.after) await settleHold(written.id, now);
}
