/**
 * Writes the demo data into the Firestore emulator: for each test, in one
 * batch (`seedDemoData`); for `npm start`, through the same import a go-live
 * engineer runs (`seedForStart`), with a library that is not empty.
 */
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { demoSettings, formerMember, members, openCycle, topics } from "./demo-data.ts";
import path from "node:path";
import { builtSettingsSchema, importData } from "./data.ts";
import { ports, projectId, root } from "./emulators.ts";
import { problemText } from "./reference-data.ts";

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

/** demo/: the reference-data files `npm start` imports. */
export const demoDir = path.join(root, "demo");

/**
 * `npm start`: the demo files imported with `npm run data`'s import (settings
 * validated by the built functions' schema), an open cycle, and a published
 * fitxa and advisory Q&A so a newcomer's library shows something.
 */
export async function seedForStart(db: Firestore, now = new Date()): Promise<void> {
  const imported = await importData(db, demoDir, builtSettingsSchema(), false);
  if (!imported.ok) throw new Error(imported.problems.map(problemText).join("\n"));
  const { id: cycleId, ...cycle } = openCycle(now);
  const lastYear = String(now.getUTCFullYear() - 1);
  const batch = db.batch();
  batch.set(db.doc(`cycles/${cycleId}`), cycle);
  batch.set(db.doc("materials/mentorship-demo"), {
    kind: "mentorship",
    status: "published",
    cycle: lastYear,
    municipalities: ["Sabadell", "Olot"],
    topics: ["Comunitats energètiques i transició energètica"],
    topicIds: ["energia-comunitaria"],
    objectives: "Posar en marxa una comunitat energètica local amb cobertes municipals.",
    activities: "Visita a la comunitat de Sabadell, revisió conjunta de les bases i dues sessions virtuals.",
    results: "Bases aprovades i una primera instal·lació solar compartida en marxa.",
    learnings: "Començar per un equipament petit i implicar el veïnat des del primer dia.",
    links: "",
    authors: [],
    submittedAt: now,
    publishedAt: now,
    demo: true,
  });
  batch.set(db.doc("materials/advisory-demo"), {
    kind: "advisory",
    status: "published",
    topic: "Contractació pública responsable i clàusules socials",
    topicIds: ["contractacio-responsable"],
    municipalities: ["Vic", "Manresa", "Tàrrega"],
    questionsAndAnswers: [
      {
        question: "Com podem reservar contractes a empreses d'inserció sense arriscar-nos a un recurs?",
        answer: "Amb un acord de reserva aprovat pel ple que fixi l'import i els àmbits, i citant-lo a cada plec.",
      },
    ],
    submittedAt: now,
    publishedAt: now,
    demo: true,
  });
  await batch.commit();
}
