/** Any change to a session (from the page or the console) recounts its pairing's meetings. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { readSettings } from "../store/programme";
import { recountMeetings } from "../usecases/mentorship";

export async function onSessionWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
): Promise<void> {
  // A session moved to another pairing in the console changes both counts.
  const affected = new Set(
    [event.data?.before.get("pairingId"), event.data?.after.get("pairingId")].filter(
      (id): id is string => typeof id === "string" && id.length > 0,
    ),
  );
  if (affected.size === 0) return;
  // Without settings nothing can be recounted; readSettings has logged why.
  const settings = await readSettings();
  if (!settings) return;
  for (const pairingId of affected) await recountMeetings(pairingId, settings, new Date());
}
