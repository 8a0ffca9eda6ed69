/**
 * Runs a `matchingRuns` request: reads the cycle's applications and pairings,
 * solves exactly, writes draft pairings and the summary — all in one
 * transaction, so two runs of the same cycle can never double-book a mentor.
 */
import type { Transaction } from "firebase-admin/firestore";
import { StoredApplication } from "../domain/application";
import { excludedPairKey, solveMatching, type MenteeCandidate, type MentorCandidate } from "../domain/matching";
import { MatchingRun, runSummary } from "../domain/matchingRun";
import {
  capacityHoldingStatuses,
  draftPairing,
  Pairing,
  pairingId,
  partyFrom,
  refusedStatuses,
} from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { db, toPlain } from "../firebase";
import { logs } from "../logs";
import { waitlistedNotice } from "../views/pairingEmails";
import { queueMail } from "./outbox";
import { requireSettings } from "./programme";

const runs = () => db.collection("matchingRuns");
const pairings = () => db.collection("pairings");
const applications = () => db.collection("applications");

/** Every application and pairing of a cycle, read inside `tx`. */
export async function readCycle(tx: Transaction, cycle: string) {
  const [appSnap, pairingSnap] = await Promise.all([
    tx.get(applications().where("cycle", "==", cycle)),
    tx.get(pairings().where("cycle", "==", cycle)),
  ]);
  const apps = new Map(appSnap.docs.map((doc) => [doc.id, StoredApplication.parse(toPlain(doc.data()))]));
  const existing = new Map(pairingSnap.docs.map((doc) => [doc.id, Pairing.parse(toPlain(doc.data()))]));
  return { apps, existing };
}

/** Who may still be matched, mentors' places taken, and pairs never to propose again. */
export function candidates(apps: Map<string, StoredApplication>, existing: Map<string, Pairing>) {
  const holding = [...existing.values()].filter((p) => capacityHoldingStatuses.includes(p.status));
  const paired = new Set(
    [...existing.values()]
      .filter((p) => !refusedStatuses.includes(p.status) && p.status !== "cancelled")
      .map((p) => p.mentee.applicationId),
  );
  const mentees: MenteeCandidate[] = [];
  const mentors: MentorCandidate[] = [];
  for (const [id, app] of apps) {
    if (app.kind === "mentee" && app.status === "received" && !paired.has(id)) mentees.push({ id, ...app });
    if (app.kind === "mentor" && (app.status === "received" || app.status === "matched")) {
      const held = holding.filter((p) => p.mentor.applicationId === id);
      mentors.push({ id, ...app, capacity: app.capacity ?? 1, load: held.length });
    }
  }
  const excluded = new Set(
    [...existing.values()]
      .filter((p) => refusedStatuses.includes(p.status))
      .map((p) => excludedPairKey(p.mentee.applicationId, p.mentor.applicationId)),
  );
  const topicLabels: Record<string, string> = {};
  for (const app of apps.values()) app.topics.forEach((topic, i) => (topicLabels[topic] = app.topicLabels[i] ?? topic));
  return { mentees, mentors, excluded, topicLabels };
}

async function claimRun(runId: string): Promise<MatchingRun | null> {
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(runs().doc(runId));
    const run = MatchingRun.safeParse(toPlain(snap.data()));
    if (!run.success || run.data.status !== "requested") return null;
    tx.update(snap.ref, { status: "running", startedAt: new Date(), error: null });
    return run.data;
  });
}

async function solveAndWrite(runId: string, run: MatchingRun, settings: ProgrammeSettings) {
  return db.runTransaction(async (tx) => {
    const now = new Date();
    const { apps, existing } = await readCycle(tx, run.cycle);
    const input = candidates(apps, existing);
    const result = solveMatching(input);
    const status = run.reason === "decline" || run.reason === "expiry" ? settings.rematchStatus : "draft";
    const created = result.pairs
      .map((pair) => ({ pair, id: pairingId(run.cycle, pair.menteeId, pair.mentorId) }))
      .filter(({ id }) => !existing.has(id));
    const left = result.unmatched.find((u) => u.menteeId === run.waitlistMentee);
    const waitlisted = left ? { id: left.menteeId, app: apps.get(left.menteeId)!, reason: left.reason } : null;
    if (waitlisted) {
      await queueMail(
        tx,
        [
          waitlistedNotice(
            waitlisted.id,
            waitlisted.app.person.name,
            waitlisted.app.municipality.name,
            waitlisted.reason,
            settings,
          ),
        ],
        settings.senderEmail,
        now,
      );
      tx.update(applications().doc(waitlisted.id), { status: "waitlisted", updatedAt: now });
    }
    for (const { pair, id } of created) {
      const pairing = draftPairing(
        run.cycle,
        runId,
        pair,
        partyFrom(pair.menteeId, apps.get(pair.menteeId)!),
        partyFrom(pair.mentorId, apps.get(pair.mentorId)!),
        settings.requiredMeetings,
        now,
      );
      tx.create(pairings().doc(id), { ...pairing, status });
    }
    const places = input.mentors.reduce((sum, m) => sum + Math.max(0, m.capacity - m.load), 0);
    const summary = runSummary(
      result,
      input.mentees,
      places,
      input.mentors.length,
      created.map((c) => c.id),
    );
    tx.update(runs().doc(runId), {
      status: "done",
      finishedAt: now,
      summary: { ...summary, ...(waitlisted ? { waitlisted: waitlisted.id } : {}) },
    });
    return summary;
  });
}

export async function runMatching(runId: string): Promise<void> {
  const run = await claimRun(runId);
  if (!run) return;
  try {
    const settings = await requireSettings();
    const summary = await solveAndWrite(runId, run, settings);
    logs.matchingRunFinished(runId, summary.matched, summary.unmatched.length);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logs.matchingRunFailed(runId, message);
    await runs().doc(runId).update({ status: "failed", error: message, finishedAt: new Date() });
  }
}

/** The secretariat approved a run: every draft it created becomes proposed. */
export async function approveRun(runId: string): Promise<number> {
  const drafts = await pairings().where("runId", "==", runId).where("status", "==", "draft").get();
  const batch = db.batch();
  drafts.docs.forEach((doc) => batch.update(doc.ref, { status: "proposed" }));
  await batch.commit();
  return drafts.size;
}
