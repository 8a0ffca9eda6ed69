/**
 * Retention (docs/design.md §13), run by the daily job: the personal data of mentoring
 * cycles whose mentorships ended more than `retentionYears` ago, and of
 * advisory requests as old, is anonymised with the same rules as an erasure.
 * Figures stay: statuses, municipalities, topics, counts, scores and dates.
 * Mail needs nothing here: its TTL deletes it after `mailRetentionDays`.
 */
import { z } from "zod";
import {
  cycleRetentionEnds,
  erasedApplication,
  erasedPairing,
  erasedRecord,
  retentionMonths,
  type Doc,
} from "../domain/personalData";
import { Cycle, type ProgrammeSettings } from "../domain/programme";
import { addMonths } from "../domain/time";
import { logs } from "../logs";
import { queries } from "../store/queries";
import { store, type ReadCounter } from "../store/repository";
import { eachIsolated } from "./eachIsolated";

const Marked = z.object({ anonymisedAt: z.unknown().optional() }).loose();
const RetentionMark = z.object({ advisoryThrough: z.date().nullable().default(null) });
const page = 200;

const people = (doc: Doc): string[] =>
  ["person", "mentor", "mentee"].flatMap((key) => {
    const part = doc[key] as { name?: unknown; email?: unknown } | undefined;
    return [part?.name, part?.email].filter((v): v is string => typeof v === "string");
  });

const anonymised = {
  applications: (now: Date) => (doc: Doc) => erasedApplication(doc, people(doc), now, "retention"),
  pairings: (now: Date) => (doc: Doc) =>
    erasedPairing(erasedPairing(doc, "mentor", people(doc), now, "retention"), "mentee", people(doc), now, "retention"),
  sessions: (now: Date) => (doc: Doc) => erasedRecord(doc, "notes", true, [], now),
  incidents: (now: Date) => (doc: Doc) => erasedRecord(doc, "text", true, [], now),
};

async function anonymiseAll(collection: keyof typeof anonymised, ids: readonly string[], now: Date) {
  const change = anonymised[collection](now);
  // A document anonymised already is left as it is.
  return eachIsolated(collection, ids, (id) =>
    store.rewrite(collection, id, (doc) => (doc.anonymisedAt ? null : change(doc))),
  );
}

export async function applyRetention(settings: ProgrammeSettings, now: Date, reads?: ReadCounter) {
  const report = { cycles: [] as string[], advisoryRequests: 0, failures: 0 };
  const cycles = await store.query(queries.allCycles(), Cycle.extend({ anonymisedAt: z.date().optional() }), reads);
  for (const { id, data: cycle } of cycles) {
    if (cycle.anonymisedAt || cycleRetentionEnds(cycle, settings) > now) continue;
    const idsOf = async (spec: ReturnType<typeof queries.applicationsOfCycle>) =>
      (await store.query(spec, Marked, reads)).filter(({ data }) => !data.anonymisedAt).map((d) => d.id);
    const failures =
      (await anonymiseAll("applications", await idsOf(queries.applicationsOfCycle(id)), now)) +
      (await anonymiseAll("pairings", await idsOf(queries.pairingsOfCycle(id)), now)) +
      (await anonymiseAll("sessions", await idsOf(queries.sessionsOfCycle(id)), now)) +
      (await anonymiseAll("incidents", await idsOf(queries.incidentsOfCycle(id)), now));
    report.failures += failures;
    // Marked only when every document went through: a failed one is tried again tomorrow.
    if (failures === 0) {
      await store.update("cycles", id, { anonymisedAt: now });
      report.cycles.push(id);
    }
  }

  // Advisory requests have no cycle: a window on `createdAt` moves forward as they are done.
  const cutoff = addMonths(now, -retentionMonths(settings), settings.timezone);
  const mark = await store.read("reports", "retention", RetentionMark);
  const through = mark?.advisoryThrough ?? new Date(0);
  const due = await store.query(
    queries.applicationsCreatedBetween(through, cutoff, page),
    Marked.extend({ kind: z.string().optional(), createdAt: z.date() }),
    reads,
  );
  const advisory = due.filter(({ data }) => data.kind === "advisory" && !data.anonymisedAt).map((d) => d.id);
  const failed = await anonymiseAll("applications", advisory, now);
  report.advisoryRequests = advisory.length - failed;
  report.failures += failed;
  if (failed === 0) {
    const last = due.length === page ? due[due.length - 1]!.data.createdAt : cutoff;
    await store.set("reports", "retention", { advisoryThrough: last, updatedAt: now }, { merge: true });
  }
  logs.retentionRun(report);
  return report;
}
