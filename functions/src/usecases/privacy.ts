/**
 * Erasure and access requests (docs/design.md §13). A request is worked one step per
 * trigger event: each step is idempotent and ends by advancing
 * `progress.step` in a transaction, a write that wakes the trigger for the
 * next step. However many documents, no step holds more than a page of them,
 * and a crash resumes from the last committed step.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { mailAbout, renderedInParts } from "../domain/mail";
import {
  erasedApplication,
  erasedFitxa,
  erasedPairing,
  compiledMailTemplates,
  contactsWithout,
  erasedRecord,
  mailMentions,
  ownAccessData,
  PrivacyRequest,
  redacted,
  type Doc,
} from "../domain/personalData";
import { documentProblem } from "../domain/problem";
import type { ProgrammeSettings } from "../domain/programme";
import { suppressionId } from "../domain/emailEvents";
import { logs } from "../logs";
import { queueMail } from "../store/outbox";
import { requireSettings } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, store } from "../store/repository";
import { accessReport } from "../views/privacyEmails";

/** Mail documents deleted per step. */
const mailPage = 200;

const Found = z.object({
  applications: z.array(z.string()).default([]),
  pairings: z.array(z.object({ id: z.string(), role: z.enum(["mentor", "mentee"]) })).default([]),
  groups: z.array(z.string()).default([]),
  /** Every name the person had in the documents, so mentions elsewhere are redacted too. */
  names: z.array(z.string()).default([]),
  /** The erasure request being worked, which keeps the address until its last step. */
  requestId: z.string().optional(),
});
type Found = z.infer<typeof Found>;

const Progress = z.object({ step: z.number().int().min(0), phase: z.enum(["mail", "records"]), found: Found });
type Progress = z.infer<typeof Progress>;
const Summary = z.record(z.string(), z.number()).catch({});

const Any = z.record(z.string(), z.unknown());
const Person = z.object({ person: z.object({ name: z.string() }).loose(), groupId: z.string().optional() }).loose();
const Party = z.object({ name: z.string().optional() }).loose();
const PairingParties = z.object({ mentor: Party, mentee: Party }).loose();

/** Where the person is, by their address: applications, then the pairings and groups those lead to. */
async function discover(email: string): Promise<Found> {
  const applications = await store.query(queries.applicationsOfEmail(email), Person);
  const pairings: Found["pairings"] = [];
  const names = new Set(applications.map((a) => a.data.person.name));
  // By application, and by the address copied into the pairing (an application since deleted).
  for (const role of ["mentor", "mentee"] as const) {
    const specs = [
      ...applications.map((a) => queries.pairingsOfParty(role, a.id)),
      queries.pairingsOfPartyEmail(role, email),
    ];
    for (const spec of specs) {
      for (const { id, data } of await store.query(spec, PairingParties)) {
        if (!pairings.some((p) => p.id === id)) pairings.push({ id, role });
        if (data[role].name) names.add(data[role].name);
      }
    }
  }
  return {
    applications: applications.map((a) => a.id),
    pairings,
    groups: [...new Set(applications.flatMap((a) => (a.data.groupId ? [a.data.groupId] : [])))],
    names: [...names],
  };
}

/** Moves the request on, only if no other run moved it first (a duplicate event). */
async function advance(id: string, fromStep: number, update: (summary: Record<string, number>) => Doc) {
  await inTransaction(async (tx) => {
    const raw = await tx.raw("privacyRequests", id);
    const current = Progress.safeParse(raw?.progress);
    const step = current.success ? current.data.step : 0;
    if (step !== fromStep) return;
    tx.update("privacyRequests", id, update(Summary.parse(raw?.summary ?? {})));
  });
}

const added = (summary: Record<string, number>, counts: Record<string, number>) =>
  Object.fromEntries(
    [...new Set([...Object.keys(summary), ...Object.keys(counts)])].map((k) => [
      k,
      (summary[k] ?? 0) + (counts[k] ?? 0),
    ]),
  );

/** One page of the outbox about the person, deleted: bodies hold their name, address and text. */
async function eraseMailPage(email: string, found: Found): Promise<{ deleted: number; more: boolean }> {
  const about = mailAbout({
    email,
    applications: found.applications,
    pairings: found.pairings.map((p) => p.id),
    groups: found.groups,
  });
  const pages = await Promise.all([
    store.ids(queries.mailTo(email, mailPage)),
    ...about.prefixes.map((prefix) => store.ids(queries.mailWithIdPrefix(prefix, mailPage))),
  ]);
  const exact = [...(await inTransaction((tx) => tx.existing("mail", about.ids)))];
  const ids = [...new Set([...pages.flat(), ...exact])];
  await store.deleteMany("mail", ids);
  return { deleted: ids.length, more: pages.some((page) => page.length === mailPage) };
}

/** Pairings with their meetings, incidents and fitxa; then applications, groups and the suppression. */
async function eraseRecords(email: string, found: Found, now: Date): Promise<Record<string, number>> {
  const needles = [email, ...found.names];
  const counts: Record<string, number> = {};
  const count = (collection: string, n = 1) => (counts[collection] = (counts[collection] ?? 0) + n);
  for (const { id, role } of found.pairings) {
    // Assigned, not added, inside the transaction: the SDK may run its body again.
    const held = { sessions: 0, incidents: 0, materials: 0 };
    await inTransaction(async (tx) => {
      const pairing = await tx.raw("pairings", id);
      const sessions = await tx.query(queries.sessionsOfPairing(id), Any);
      const incidents = await tx.query(queries.incidentsOfPairing(id), Any);
      const fitxa = await tx.raw("materials", `mentorship-${id}`);
      if (pairing) tx.set("pairings", id, erasedPairing(pairing, role, needles, now));
      for (const s of sessions)
        tx.set("sessions", s.id, erasedRecord(s.data, "notes", s.data.recordedBy === role, needles, now));
      for (const i of incidents)
        tx.set("incidents", i.id, erasedRecord(i.data, "text", i.data.reportedBy === role, needles, now));
      if (fitxa) tx.set("materials", `mentorship-${id}`, erasedFitxa(fitxa, role === "mentee", needles, now));
      Object.assign(held, { sessions: sessions.length, incidents: incidents.length, materials: fitxa ? 1 : 0 });
    });
    count("pairings");
    for (const [collection, n] of Object.entries(held)) count(collection, n);
  }
  for (const id of found.applications) {
    await store.rewrite("applications", id, (doc) => erasedApplication(doc, needles, now));
    count("applications");
  }
  for (const id of found.groups) {
    await store.rewrite("advisoryGroups", id, (doc) => redacted(doc, needles));
    count("advisoryGroups");
  }
  for (const [collection, n] of Object.entries(await eraseCopies(email, found, needles))) count(collection, n);
  const suppressed = await inTransaction(async (tx) => {
    const suppression = suppressionId(email);
    const exists = await tx.exists("suppressions", suppression);
    if (exists) tx.delete("suppressions", suppression);
    return exists;
  });
  if (suppressed) count("suppressions");
  return counts;
}

/** Compiled mail read per erasure: a year's exports, access reports and digests. */
const compiledMailLimit = 500;
const matchingRunLimit = 200;

/**
 * What was made from the person's data elsewhere (docs/design.md §13): exports,
 * access reports and digests that mention them are deleted; matching-run
 * summaries and their groups' published materials are redacted; earlier
 * requests forget the address; members' contacts drop it.
 */
async function eraseCopies(email: string, found: Found, needles: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const count = (collection: string, n = 1) => (counts[collection] = (counts[collection] ?? 0) + n);
  const compiled = (
    await Promise.all(
      compiledMailTemplates.map((template) => store.query(queries.mailWithTemplate(template, compiledMailLimit), Any)),
    )
  ).flat();
  const mentioning = compiled.filter(({ data }) => mailMentions(data, needles)).map(({ id }) => id);
  await store.deleteMany("mail", mentioning);
  if (mentioning.length > 0) count("mail", mentioning.length);
  /** Redacts the person from one document, read again in its transaction; true if it named them. */
  const redactIn = async (collection: "matchingRuns" | "materials", id: string) => {
    let changed = false;
    await store.rewrite(collection, id, (doc) => {
      const next = redacted(doc, needles);
      changed = next !== null;
      return next;
    });
    return changed;
  };
  // Only the runs whose summary names the person are rewritten.
  for (const { id, data } of await store.query(queries.allMatchingRuns(matchingRunLimit), Any))
    if (redacted(data, needles) !== null && (await redactIn("matchingRuns", id))) count("matchingRuns");
  for (const groupId of found.groups) if (await redactIn("materials", `advisory-${groupId}`)) count("materials");
  for (const { id } of await store.query(queries.privacyRequestsOfEmail(email), Any)) {
    // The request being worked keeps its address until its last step, which clears it.
    if (found.requestId === id) continue;
    await store.update("privacyRequests", id, { email: "", emailSha256: hashOf(email) });
    count("privacyRequests");
  }
  for (const { id, data } of await store.query(queries.allMembers(), Any)) {
    const contacts = contactsWithout(data.contacts, email);
    if (!contacts) continue;
    await store.update("members", id, { contacts });
    count("members");
  }
  return counts;
}

/** Everything stored about the person, as JSON (access, GDPR art. 15). */
async function collect(email: string, found: Found) {
  const read = (collection: "applications" | "pairings" | "materials" | "mail", ids: readonly string[]) =>
    inTransaction(async (tx) => (await tx.readMany(collection, ids, Any)).map(({ id, data }) => ({ id, ...data })));
  const pairingIds = found.pairings.map((p) => p.id);
  const listed = async (specs: ReturnType<(typeof queries)[keyof typeof queries]>[]) =>
    (await Promise.all(specs.map((spec) => store.query(spec, Any)))).flat().map(({ id, data }) => ({ id, ...data }));
  const about = mailAbout({ email, applications: found.applications, pairings: pairingIds, groups: [] });
  const mail = [
    ...(await listed([
      queries.mailTo(email, 1000),
      ...about.prefixes.map((prefix) => queries.mailWithIdPrefix(prefix, 1000)),
    ])),
    ...(await read("mail", about.ids)),
  ];
  const data = {
    email,
    applications: await read("applications", found.applications),
    pairings: await read("pairings", pairingIds),
    sessions: await listed(pairingIds.map((id) => queries.sessionsOfPairing(id))),
    incidents: await listed(pairingIds.map((id) => queries.incidentsOfPairing(id))),
    materials: await read(
      "materials",
      found.pairings.filter((p) => p.role === "mentee").map((p) => `mentorship-${p.id}`),
    ),
    advisoryGroups: found.groups,
    mail: mail.filter((m, i) => mail.findIndex((o) => o.id === m.id) === i),
    suppressions: await inTransaction(async (tx) =>
      (await tx.readMany("suppressions", [suppressionId(email)], Any)).map(({ id, data }) => ({ id, ...data })),
    ),
  };
  return ownAccessData(data, email, Object.fromEntries(found.pairings.map(({ id, role }) => [id, role])));
}

/** The report as (collection, document) pairs, so a large one can be cut into whole JSON files. */
const entriesOf = (data: Record<string, unknown>) =>
  Object.entries(data).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((item) => [key, item] as const) : [],
  );

/** A JSON file of some of the report's documents: every collection named (empty where none), the scalars kept. */
function fromEntries(data: Record<string, unknown>, entries: readonly (readonly [string, unknown])[]) {
  const file: Record<string, unknown> = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Array.isArray(value) ? [] : value]),
  );
  for (const [key, item] of entries) (file[key] as unknown[]).push(item);
  return file;
}

const hashOf = (email: string) => createHash("sha256").update(email).digest("hex");

/** Works the next step of `privacyRequests/{id}`, if it has one. */
export async function advancePrivacyRequest(id: string, now: Date): Promise<void> {
  const current = await inTransaction(async (tx) => {
    const raw = await tx.raw("privacyRequests", id);
    if (!raw || raw.status === "done") return null;
    const request = PrivacyRequest.safeParse(raw);
    if (!request.success) {
      const error = documentProblem(request.error.issues);
      if (raw.status === "failed" && raw.error === error) return null;
      logs.privacyRequestFailed(id, error);
      tx.update("privacyRequests", id, { status: "failed", error, endedAt: now });
      return null;
    }
    // A request refused as unreadable and corrected in the console starts again.
    if (raw.status === "failed") return { request: request.data, progress: null };
    const progress = Progress.safeParse(raw.progress);
    return { request: request.data, progress: progress.success ? progress.data : null };
  });
  if (!current) return;
  const { request, progress } = current;
  const settings = await requireSettings();
  if (!progress) return start(id, request, settings, now);
  const { step, phase, found } = progress;
  logs.privacyStep(id, step, phase);
  if (phase === "mail") {
    const { deleted, more } = await eraseMailPage(request.email, found);
    return advance(id, step, (summary) => ({
      progress: { step: step + 1, phase: more ? "mail" : "records", found },
      summary: added(summary, { mail: deleted }),
    }));
  }
  const counts = await eraseRecords(request.email, found, now);
  await advance(id, step, (summary) => ({
    status: "done",
    endedAt: now,
    summary: added(summary, counts),
    // The request no longer names whom it erased: the hash lets the secretariat answer "was it done?".
    email: "",
    emailSha256: hashOf(request.email),
    progress: { step: step + 1, phase, found: { ...found, names: [] } },
  }));
  logs.privacyRequestDone(id, request.kind);
}

async function start(id: string, request: PrivacyRequest, settings: ProgrammeSettings, now: Date) {
  const found = await discover(request.email);
  if (request.kind === "erasure") {
    return advance(id, 0, () => ({
      status: "processing",
      startedAt: now,
      progress: { step: 1, phase: "mail", found: { ...found, requestId: id } },
    }));
  }
  const data = await collect(request.email, found);
  const counts = Object.fromEntries(
    Object.entries(data).flatMap(([k, v]) => (Array.isArray(v) ? [[k, v.length]] : [])),
  ) as Record<string, number>;
  const files = renderedInParts(entriesOf(data), (part) => JSON.stringify(fromEntries(data, part), null, 2));
  const reports = files.map((json, i) =>
    accessReport(id, request.email, counts, json, settings, { n: i + 1, of: files.length }),
  );
  await inTransaction(async (tx) => {
    const raw = await tx.raw("privacyRequests", id);
    if (raw?.progress || raw?.status === "done") return;
    await queueMail(tx, reports, settings, now);
    tx.update("privacyRequests", id, {
      status: "done",
      error: null,
      endedAt: now,
      summary: counts,
      progress: { step: 1, phase: "records", found: { ...found, names: [] } },
    });
  });
  logs.privacyRequestDone(id, request.kind);
}
