/** Any change to a session (from the page or the console) recounts its pairing's meetings. */
import { readSettings } from "../store/programme";
import { recountMeetings } from "../usecases/mentorship";
import { writtenOf, type TriggerContext, type WrittenEvent } from "./reactions";

export async function onSessionWritten(event: WrittenEvent, { now }: TriggerContext): Promise<void> {
  const written = writtenOf(event);
  // A session moved to another pairing in the console changes both counts.
  const affected = new Set(
    [written?.before?.get("pairingId"), written?.after?.get("pairingId")].filter(
      (id): id is string => typeof id === "string" && id.length > 0,
    ),
  );
  if (affected.size === 0) return;
  // Without settings nothing can be recounted; readSettings has logged why.
  const settings = await readSettings();
  if (!settings) return;
  for (const pairingId of affected) await recountMeetings(pairingId, settings, now);
}
