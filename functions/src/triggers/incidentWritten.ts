/** An incident the secretariat closed, or an agreed end date it confirmed. */
import { readSettings } from "../store/programme";
import { settleIncidentChange } from "../usecases/incidents";
import { writtenOf, type LinkedContext, type WrittenEvent } from "./reactions";

export async function onIncidentWritten(event: WrittenEvent, { linkKey, now }: LinkedContext): Promise<void> {
  const after = writtenOf(event)?.after;
  if (!after || after.get("status") === "open") return;
  const settings = await readSettings();
  if (settings) await settleIncidentChange(after.id, { linkKey, settings, now });
}
