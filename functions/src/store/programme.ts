/** Reads the programme's reference data the secretariat keeps in Firestore. */
import type { z } from "zod";
import { Cycle, Member, ProgrammeSettings, Topic } from "../domain/programme";
import { db, toPlain } from "../firebase";
import { logs } from "../logs";

function parseAll<T extends z.ZodType>(schema: T, docs: FirebaseFirestore.QueryDocumentSnapshot[]): z.infer<T>[] {
  return docs.flatMap((doc) => {
    const parsed = schema.safeParse({ id: doc.id, ...(toPlain(doc.data()) as object) });
    if (parsed.success) return [parsed.data];
    logs.invalidDocument(doc.ref.path, parsed.error.issues);
    return [];
  });
}

export async function readSettings(): Promise<ProgrammeSettings | null> {
  const snap = await db.doc("settings/programme").get();
  const parsed = ProgrammeSettings.safeParse(toPlain(snap.data() ?? {}));
  if (parsed.success) return parsed.data;
  logs.settingsMissing();
  return null;
}

/** For work that cannot go on without settings: a clear error in the logs. */
export async function requireSettings(): Promise<ProgrammeSettings> {
  const settings = await readSettings();
  if (!settings) throw new Error("settings/programme falta o no és vàlid");
  return settings;
}

export async function readMember(id: string): Promise<Member | null> {
  // Ids come from people: refuse anything that is not a plain document id.
  if (!/^[\w-]{1,100}$/.test(id)) return null;
  const snap = await db.collection("members").doc(id).get();
  return snap.exists ? (parseAll(Member, [snap as FirebaseFirestore.QueryDocumentSnapshot])[0] ?? null) : null;
}

export async function readActiveMembers(): Promise<Member[]> {
  return parseAll(Member, (await db.collection("members").where("active", "==", true).get()).docs);
}

export async function readActiveTopics(): Promise<Topic[]> {
  const topics = parseAll(Topic, (await db.collection("topics").where("active", "==", true).get()).docs);
  return topics.sort((a, b) => a.label.localeCompare(b.label, "ca"));
}

/** Cycles whose application window has not closed yet. */
export async function readUpcomingCycles(now: Date): Promise<Cycle[]> {
  return parseAll(Cycle, (await db.collection("cycles").where("applicationsCloseAt", ">", now).get()).docs);
}
