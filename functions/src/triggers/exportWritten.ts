/** A CSV export the secretariat asked for (docs/design.md §11). */
import { runExport } from "../usecases/exports";
import { writtenOf, type TriggerContext, type WrittenEvent } from "./reactions";

export async function onExportWritten(event: WrittenEvent, { now }: TriggerContext): Promise<void> {
  const written = writtenOf(event);
  if (written?.after) await runExport(written.id, now);
}
