/**
 * `npm run data -- export <dir>` and `npm run data -- import <dir> [--dry-run]`
 * (docs/design.md §15): members, topics and settings as files. Against the emulator
 * when FIRESTORE_EMULATOR_HOST is set (project demo-xmess), or a real project
 * with `--project <alias>` and Application Default Credentials. An import
 * validates every file first and writes nothing if any row fails; the same
 * files twice change nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import type { z } from "zod";
import { build, projectId, root } from "./emulators.ts";
import {
  canonicalJson,
  membersCsv,
  planImport,
  problemText,
  readMembers,
  readSettings,
  readTopics,
  topicsCsv,
  type Member,
  type Problem,
  type Topic,
} from "./reference-data.ts";

const firebaserc = JSON.parse(readFileSync(path.join(root, ".firebaserc"), "utf8")) as {
  projects: Record<string, string>;
};

function firestore(alias: string | null): Firestore {
  if (!alias && !process.env.FIRESTORE_EMULATOR_HOST)
    throw new Error("Set FIRESTORE_EMULATOR_HOST (the emulator) or pass --project staging|production.");
  const project = alias ? firebaserc.projects[alias] : (process.env.GCLOUD_PROJECT ?? projectId);
  if (!project) throw new Error(`.firebaserc has no alias "${alias}"`);
  return getFirestore(initializeApp({ projectId: project }));
}

/** The functions' own settings schema, from the built code (build first): what validates there is what serves. */
export function builtSettingsSchema(): z.ZodType {
  const programme = createRequire(import.meta.url)(path.join(root, "functions/.transpiled/domain/programme.js")) as {
    ProgrammeSettings: z.ZodType;
  };
  return programme.ProgrammeSettings;
}

const asMember = (id: string, d: Record<string, unknown>): Member => ({
  id,
  name: String(d.name ?? ""),
  ...(d.comarca ? { comarca: String(d.comarca) } : {}),
  ...(d.province ? { province: String(d.province) } : {}),
  active: d.active === true,
  contacts: Array.isArray(d.contacts) ? d.contacts.map(String) : [],
});
const asTopic = (id: string, d: Record<string, unknown>): Topic => ({
  id,
  label: String(d.label ?? ""),
  active: d.active === true,
});

async function readProject(db: Firestore) {
  const [members, topics, settings] = await Promise.all([
    db.collection("members").get(),
    db.collection("topics").get(),
    db.doc("settings/programme").get(),
  ]);
  return {
    members: members.docs.map((d) => asMember(d.id, d.data())),
    topics: topics.docs.map((d) => asTopic(d.id, d.data())),
    settings: settings.exists ? settings.data()! : null,
  };
}

export async function exportData(db: Firestore, dir: string): Promise<void> {
  const { members, topics, settings } = await readProject(db);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "members.csv"), membersCsv(members));
  writeFileSync(path.join(dir, "topics.csv"), topicsCsv(topics));
  const { problem: _problem, ...kept } = settings ?? {};
  writeFileSync(path.join(dir, "settings.json"), `${JSON.stringify(kept, null, 2)}\n`);
  console.log(`${members.length} members, ${topics.length} topics and the settings written to ${dir}`);
}

/** Reads and validates the three files; problems, or what to write. */
export function readFiles(dir: string, schema: z.ZodType) {
  const text = (file: string) => (existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), "utf8") : null);
  const problems: Problem[] = [];
  const members = text("members.csv");
  const topics = text("topics.csv");
  const settings = text("settings.json");
  const read = {
    members: members === null ? null : readMembers(members),
    topics: topics === null ? null : readTopics(topics),
    settings: settings === null ? null : readSettings(settings, schema),
  };
  for (const part of Object.values(read)) problems.push(...(part?.problems ?? []));
  if (members === null && topics === null && settings === null)
    problems.push({
      file: dir,
      line: null,
      column: null,
      message: "no hi ha members.csv, topics.csv ni settings.json",
    });
  return { read, problems };
}

export async function importData(db: Firestore, dir: string, schema: z.ZodType, dryRun: boolean) {
  const { read, problems } = readFiles(dir, schema);
  if (problems.length > 0) return { ok: false as const, problems, lines: [] as string[] };
  const current = await readProject(db);
  const lines: string[] = [];
  const batch = db.batch();
  const plan = <T extends Member | Topic>(collection: string, now: T[], incoming: T[] | undefined) => {
    if (!incoming) return;
    const { create, change, deactivate } = planImport(now, incoming);
    for (const row of create) lines.push(`crea ${collection}/${row.id}`);
    for (const row of change) lines.push(`canvia ${collection}/${row.id}`);
    for (const id of deactivate) lines.push(`desactiva ${collection}/${id}`);
    for (const { id, ...row } of [...create, ...change]) batch.set(db.doc(`${collection}/${id}`), row, { merge: true });
    for (const id of deactivate) batch.set(db.doc(`${collection}/${id}`), { active: false }, { merge: true });
  };
  plan("members", current.members, read.members?.rows);
  plan("topics", current.topics, read.topics?.rows);
  const settings = read.settings?.settings;
  if (settings) {
    const { problem: _problem, ...now } = current.settings ?? {};
    if (canonicalJson(now) !== canonicalJson(settings)) {
      lines.push("canvia settings/programme");
      batch.set(db.doc("settings/programme"), settings);
    }
  }
  if (!dryRun && lines.length > 0) await batch.commit();
  return { ok: true as const, problems, lines };
}

if (import.meta.main) {
  const [command, dir, ...rest] = process.argv.slice(2);
  const alias = rest.includes("--project") ? (rest[rest.indexOf("--project") + 1] ?? null) : null;
  if ((command !== "export" && command !== "import") || !dir) {
    console.error("Usage: npm run data -- export <dir> | import <dir> [--dry-run] [--project staging|production]");
    process.exit(2);
  }
  const db = firestore(alias);
  if (command === "export") await exportData(db, dir);
  else {
    const dryRun = rest.includes("--dry-run");
    build();
    const result = await importData(db, dir, builtSettingsSchema(), dryRun);
    if (!result.ok) {
      for (const problem of result.problems) console.error(problemText(problem));
      console.error("No s'ha escrit res: corregiu els fitxers i torneu-ho a provar.");
      process.exit(1);
    }
    for (const line of result.lines) console.log(line);
    console.log(
      result.lines.length === 0
        ? "Res a canviar."
        : `${result.lines.length} canvis${dryRun ? " (prova: no s'ha escrit res)" : " fets"}.`,
    );
  }
}
