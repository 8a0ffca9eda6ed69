/**
 * Matching outcome emails (docs/design.md §16): once a run's pairings go out — the
 * secretariat approved it, or a second chance proposed at once — each applicant it
 * concerns hears once what it means for them (`mail/outcome-{runId}-{applicationId}`).
 * The run records `outcomesSentAt`, and the work sweep sends what a lost event left.
 */
import { z } from "zod";
import { StoredApplication } from "../domain/application";
import { applicationLink } from "../domain/links";
import { MatchingRun } from "../domain/matchingRun";
import { matchingOutcomes } from "../domain/outcomes";
import { Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { inTransaction, store } from "../store/repository";
import { outcomeEmail } from "../views/outcomeEmails";

const RunWithSummary = MatchingRun.extend({
  summary: z
    .object({
      unmatched: z.array(z.object({ applicationId: z.string(), reason: z.string() })).optional(),
      pairingIds: z.array(z.string()).optional(),
    })
    .loose()
    .optional(),
  outcomesSentAt: z.date().optional(),
});

/** Emails queued per transaction: far below Firestore's 500 writes. */
const perTransaction = 100;

export async function sendOutcomes(
  runId: string,
  context: { linkKey: string; settings: ProgrammeSettings; now: Date },
): Promise<number> {
  const { linkKey, settings, now } = context;
  const run = await store.read("matchingRuns", runId, RunWithSummary);
  if (!run || run.outcomesSentAt) return 0;
  const [applications, pairings] = await Promise.all([
    store.query(queries.applicationsOfCycle(run.cycle), StoredApplication),
    store.query(queries.pairingsOfCycle(run.cycle), Pairing),
  ]);
  const outcomes = matchingOutcomes(run, applications, pairings);
  const byId = new Map(applications.map(({ id, data }) => [id, data]));
  for (let i = 0; i < outcomes.length; i += perTransaction) {
    await inTransaction(async (tx) => {
      const drafts = outcomes.slice(i, i + perTransaction).flatMap((outcome) => {
        const application = byId.get(outcome.applicationId);
        if (!application) return [];
        const page = applicationLink(
          { id: outcome.applicationId, linkVersion: application.linkVersion },
          linkKey,
          settings.publicBaseUrl,
          now,
        );
        // A second chance a guarded change asked for: its news waits, and is held, with the change's.
        const email = outcomeEmail(runId, outcome, application, page, settings);
        return [run.guard ? { ...email, guard: run.guard } : email];
      });
      await queueMail(tx, drafts, settings, now);
    });
  }
  await store.update("matchingRuns", runId, { outcomesSentAt: now, outcomesSent: outcomes.length });
  return outcomes.length;
}

/** How far back the sweep looks for a run whose outcomes a lost event left unsent. */
const lookBackMs = 14 * 24 * 60 * 60_000;

/** Runs whose pairings went out (approved, or proposed at once) recently, without their outcome emails. */
export async function runsMissingOutcomes(now: Date): Promise<string[]> {
  const since = now.getTime() - lookBackMs;
  const [approved, done] = await Promise.all(
    (["approved", "done"] as const).map((status) => store.query(queries.runsWithStatus(status, 100), RunWithSummary)),
  );
  return [...approved!, ...done!.filter(({ data }) => data.createdAs === "proposed")]
    .filter(({ data }) => !data.outcomesSentAt && (data.finishedAt?.getTime() ?? 0) >= since)
    .map(({ id }) => id);
}
