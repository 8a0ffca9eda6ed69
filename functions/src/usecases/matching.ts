/**
 * Runs a `matchingRuns` request: reads the cycle's applications and pairings,
 * solves exactly, writes draft pairings and the summary — all in one
 * transaction, so two runs of the same cycle can never double-book a mentor.
 */
import { StoredApplication } from "../domain/application";
import { solveMatching } from "../domain/matching";
import { matchingCandidates, placesHeldEarlier, withTopicLabels } from "../domain/matchingCandidates";
import { decideRun, MatchingRun, runSummary } from "../domain/matchingRun";
import { draftPairing, inCourseStatuses, Pairing, pairingId, partyFrom, RemovedPairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { logs } from "../logs";
import { queueMail } from "../store/outbox";
import { guardOutcomeOf } from "./massChange";
import { readTopicLabels, requireSettings } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, store } from "../store/repository";
import { waitlistedNotice } from "../views/pairingEmails";

async function claimRun(runId: string, now: Date): Promise<MatchingRun | null> {
  return inTransaction(async (tx) => {
    const run = await tx.read("matchingRuns", runId, MatchingRun);
    if (!run || run.status !== "requested" || (run.notBefore && run.notBefore > now)) return null;
    if (run.guard) {
      // Part of a mass change the secretariat has not decided on, or decided against (docs/design.md §15).
      const { outcome, holdId } = await guardOutcomeOf(tx, run.guard);
      if (outcome !== "go") {
        tx.update("matchingRuns", runId, { status: outcome === "hold" ? "held" : "dropped", holdId });
        return null;
      }
    }
    tx.update("matchingRuns", runId, { status: "running", startedAt: now, attempts: run.attempts + 1, error: null });
    return run;
  });
}

async function solveAndWrite(runId: string, run: MatchingRun, settings: ProgrammeSettings, now: Date) {
  return inTransaction(async (tx) => {
    const appDocs = await tx.query(queries.applicationsOfCycle(run.cycle), StoredApplication);
    const pairingDocs = await tx.query(queries.pairingsOfCycle(run.cycle), Pairing);
    const removed = await tx.query(queries.removedPairingsOfCycle(run.cycle), RemovedPairing);
    const inCourse = await tx.query(queries.pairingsInCourse(inCourseStatuses), Pairing);
    // What people read is looked up: an application typed in the console has topic ids only.
    const labels = await readTopicLabels(tx);
    const apps = new Map(appDocs.map(({ id, data }) => [id, withTopicLabels(data, labels)]));
    const existing = new Map(pairingDocs.map(({ id, data }) => [id, data]));
    const input = matchingCandidates(apps, existing, {
      removed: removed.map((r) => r.data),
      heldEarlier: placesHeldEarlier(
        inCourse.map((p) => p.data),
        run.cycle,
      ),
    });
    const result = solveMatching({ ...input, weights: settings.matchingWeights });
    const { status, created, waitlisted } = decideRun(
      run,
      result,
      new Set(existing.keys()),
      (menteeId, mentorId) => pairingId(run.cycle, menteeId, mentorId),
      settings.rematchStatus,
    );
    if (waitlisted) {
      const app = apps.get(waitlisted.menteeId)!;
      const notice = waitlistedNotice(
        waitlisted.menteeId,
        app.person.name,
        app.municipality.name,
        waitlisted.reason,
        settings,
      );
      await queueMail(tx, [{ ...notice, ...(run.guard ? { guard: run.guard } : {}) }], settings, now);
      // Kept so the outcome email can say why (docs/design.md §16).
      tx.update("applications", waitlisted.menteeId, {
        status: "waitlisted",
        waitlistReason: waitlisted.reason,
        updatedAt: now,
      });
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
      tx.create("pairings", id, { ...pairing, status });
    }
    const summary = runSummary(
      result,
      input.mentees,
      input.mentors,
      input.places,
      created.map((c) => c.id),
    );
    tx.update("matchingRuns", runId, {
      status: "done",
      createdAs: status,
      finishedAt: now,
      summary: { ...summary, ...(waitlisted ? { waitlisted: waitlisted.menteeId } : {}) },
    });
    return summary;
  });
}

export async function runMatching(runId: string, now: Date): Promise<void> {
  const run = await claimRun(runId, now);
  if (!run) return;
  try {
    const settings = await requireSettings();
    const summary = await solveAndWrite(runId, run, settings, now);
    logs.matchingRunFinished(runId, summary.matched, summary.unmatched.length);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logs.matchingRunFailed(runId, message);
    await store.update("matchingRuns", runId, { status: "failed", error: message, finishedAt: now });
  }
}

/** The secretariat approved a run: every draft it created becomes proposed. */
export async function approveRun(runId: string): Promise<number> {
  const drafts = await store.ids(queries.draftsOfRun(runId));
  await store.updateMany(
    "pairings",
    drafts.map((id) => ({ id, data: { status: "proposed" } })),
  );
  return drafts.length;
}
