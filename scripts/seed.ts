/** Writes the demo data into the Firestore emulator. */
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { demoSettings, formerMember, members, openCycle, topics } from "./demo-data.ts";
import { ports, projectId } from "./emulators.ts";

export function emulatorFirestore(): Firestore {
  process.env.FIRESTORE_EMULATOR_HOST ??= `127.0.0.1:${ports.firestore}`;
  // A test file of the use-case tier has a project of its own (GCLOUD_PROJECT).
  const app = getApps()[0] ?? initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? projectId });
  return getFirestore(app);
}

export async function seedDemoData(db: Firestore, now = new Date(), settings = demoSettings()): Promise<void> {
  const batch = db.batch();
  batch.set(db.doc("settings/programme"), settings);
  const { id: cycleId, ...cycle } = openCycle(now);
  batch.set(db.doc(`cycles/${cycleId}`), cycle);
  for (const { id, ...member } of members) batch.set(db.doc(`members/${id}`), { ...member, active: true, demo: true });
  const { id: formerId, ...former } = formerMember;
  batch.set(db.doc(`members/${formerId}`), { ...former, active: false, demo: true });
  for (const { id, label } of topics) batch.set(db.doc(`topics/${id}`), { label, active: true });
  await batch.commit();
}
