/**
 * The sweep for work a trigger should have done but did not (docs/design.md §14):
 * its event was lost, or its function crashed (and a second-chance run that waited out
 * the mass-change window is started here). Each kind of stuck document is
 * found by query and handed to the same idempotent use case its trigger calls,
 * one document at a time, so one that fails is logged and the rest go on.
 */
import { z } from "zod";
import { MatchingRun, recoverRun } from "../domain/matchingRun";
import { logs } from "../logs";
import { readSettings } from "../store/programme";
import { queries } from "../store/queries";
import { store } from "../store/repository";
import { assignToGroup } from "./advisory";
import { eachIsolated } from "./eachIsolated";
import { approveRun, runMatching } from "./matching";
import { runsMissingOutcomes, sendOutcomes } from "./outcomes";
import { settleHold, unsettledHolds } from "./massChange";
import { recountMeetings } from "./mentorship";
import { advancePrivacyRequest } from "./privacy";
import { dirtyReportCycles, refreshCycleReport } from "./reports";
import { proposePairing } from "./proposals";

/** How far back an ungrouped advisory request is looked for: the sweep runs every few minutes. */
const advisoryLookBackMs = 7 * 24 * 60 * 60_000;
const batch = 100;

const Proposed = z.object({ proposedAt: z.unknown().optional() });
const Grouped = z.object({ groupId: z.string().optional() });
const SessionOf = z.object({ pairingId: z.string() });

/** Sessions this recent are checked by every sweep: the sweep runs every ten minutes. */
const recountLookBackMs = 60 * 60_000;

export interface SweepReport {
  proposals: number;
  advisoryRequests: number;
  runsRestarted: number;
  runsFailed: number;
  mentorshipsRecounted: number;
  privacyRequests: number;
  holdsSettled: number;
  outcomeRuns: number;
  reportsRefreshed: string[];
  failures: number;
}

export async function sweepStuckWork(now: Date, linkKey: string): Promise<SweepReport> {
  const report: SweepReport = {
    proposals: 0,
    advisoryRequests: 0,
    runsRestarted: 0,
    runsFailed: 0,
    mentorshipsRecounted: 0,
    privacyRequests: 0,
    holdsSettled: 0,
    outcomeRuns: 0,
    reportsRefreshed: [],
    failures: 0,
  };

  // A run left `running` past its lease is given back (or failed after three tries); a
  // `requested` one whose event was lost is run here: claiming it is a transaction, so
  // the trigger and the sweep never both run it.
  const running = await store.query(queries.runsWithStatus("running", batch), MatchingRun);
  report.failures += await eachIsolated(
    "matchingRun",
    running.map(({ id }) => id),
    async (id) => {
      const recovery = recoverRun(running.find((run) => run.id === id)!.data, now);
      if (!recovery) return;
      await store.update("matchingRuns", id, { ...recovery, recoveredAt: now });
      if (recovery.status === "failed") report.runsFailed++;
      else report.runsRestarted++;
    },
  );
  const requested = await store.ids(queries.runsWithStatus("requested", batch));
  report.failures += await eachIsolated("matchingRun", requested, (id) => runMatching(id, now));

  const settings = await readSettings();
  if (settings) {
    const proposed = await store.query(queries.pairingsWithStatus("proposed", 500), Proposed);
    const unsent = proposed.filter(({ data }) => !data.proposedAt).map(({ id }) => id);
    report.proposals = unsent.length;
    report.failures += await eachIsolated("pairing", unsent, (id) => proposePairing(id, linkKey, settings, now));
    // A session whose trigger was lost leaves a stale meeting count: the pairings of the
    // last hour's sessions are recounted (recounting changes only what differs); a session
    // typed in the console without `createdAt` is counted before any deadline instead.
    const sessions = await store.query(
      queries.sessionsCreatedSince(new Date(now.getTime() - recountLookBackMs), 500),
      SessionOf,
    );
    const recounted = [...new Set(sessions.map(({ data }) => data.pairingId))];
    report.mentorshipsRecounted = recounted.length;
    report.failures += await eachIsolated("pairing", recounted, (id) => recountMeetings(id, settings, now));
  }

  const since = new Date(now.getTime() - advisoryLookBackMs);
  const received = await store.query(queries.advisoryRequestsReceivedSince(since, 500), Grouped);
  const ungrouped = received.filter(({ data }) => !data.groupId).map(({ id }) => id);
  report.advisoryRequests = ungrouped.length;
  report.failures += await eachIsolated("application", ungrouped, (id) => assignToGroup(id, linkKey, now));

  // A privacy request whose chain of steps broke (a lost event, a crash) goes on from its last step.
  const privacy = [
    ...(await store.ids(queries.privacyRequestsWithStatus("requested", batch))),
    ...(await store.ids(queries.privacyRequestsWithStatus("processing", batch))),
  ];
  report.privacyRequests = privacy.length;
  report.failures += await eachIsolated("privacyRequest", privacy, (id) => advancePrivacyRequest(id, now));

  // A run whose pairings went out while the outcome emails' event was lost (docs/design.md §16).
  const missingOutcomes = settings ? await runsMissingOutcomes(now) : [];
  report.outcomeRuns = missingOutcomes.length;
  report.failures += await eachIsolated("matchingRun", missingOutcomes, async (id) => {
    if ((await store.read("matchingRuns", id, MatchingRun))?.status === "approved") await approveRun(id);
    await sendOutcomes(id, { linkKey, settings: settings!, now });
  });

  // A mass change the secretariat decided on whose event was lost (docs/design.md §15).
  const decided = await unsettledHolds();
  report.holdsSettled = decided.length;
  report.failures += await eachIsolated("hold", decided, (id) => settleHold(id, now));

  // Figures marked out of date since the last sweep (docs/design.md §11): each cycle read once, not per write.
  const dirty = await dirtyReportCycles(batch);
  report.failures += await eachIsolated("report", dirty, async (cycle) => {
    await refreshCycleReport(cycle, now);
    report.reportsRefreshed.push(cycle);
  });

  logs.workSweep(report);
  return report;
}
