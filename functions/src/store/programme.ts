/** Reads the programme's reference data the secretariat keeps in Firestore. */
import { Cycle, Member, ProgrammeSettings, Topic } from "../domain/programme";
import { logs } from "../logs";
import { queries } from "./queries";
import { z } from "zod";
import { store, type Doc, type ReadCounter, type Tx } from "./repository";

export async function readSettings(reads?: ReadCounter): Promise<ProgrammeSettings | null> {
  reads?.add(2);
  const settings = await store.readKeepingLastValid("settings", "programme", ProgrammeSettings);
  if (!settings) logs.settingsMissing();
  else if (settings.fallback) logs.settingsInvalidLastValidServing();
  return settings?.data ?? null;
}

/** For work that cannot go on without settings: a clear error in the logs. */
export async function requireSettings(): Promise<ProgrammeSettings> {
  const settings = await readSettings();
  if (!settings) throw new Error("settings/programme is missing or invalid");
  return settings;
}

export async function readMember(id: string): Promise<Member | null> {
  // Ids come from people: refuse anything that is not a plain document id.
  if (!/^[\w-]{1,100}$/.test(id)) return null;
  return store.read("members", id, Member);
}

const dataOf = <T>(docs: readonly Doc<T>[]) => docs.map((doc) => doc.data);

export const readActiveMembers = async (): Promise<Member[]> =>
  dataOf(await store.query(queries.activeMembers(), Member));

export const readActiveTopics = async (): Promise<Topic[]> => dataOf(await store.query(queries.activeTopics(), Topic));

/** Cycles whose application window has not closed yet. */
export const readUpcomingCycles = async (now: Date): Promise<Cycle[]> =>
  dataOf(await store.query(queries.cyclesOpenAfter(now), Cycle));

const TopicLabel = z.object({ label: z.string().min(1) });

/** Topic id → its label now, inactive ones included; inside a transaction when one is given. */
export async function readTopicLabels(tx?: Tx): Promise<Record<string, string>> {
  const docs = tx
    ? await tx.query(queries.allTopics(), TopicLabel)
    : await store.query(queries.allTopics(), TopicLabel);
  return Object.fromEntries(docs.map(({ id, data }) => [id, data.label]));
}
