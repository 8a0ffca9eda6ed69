/**
 * Second chances (docs/design.md §10): a place freed by a cancellation or a
 * withdrawal, or a mentor confirmed after the cycle's matching, asks for a
 * matching run of the cycle, once (the run's id says why). Before the cycle's
 * own matching nothing is asked: that run will consider everyone.
 */
import { z } from "zod";
import { StoredApplication } from "../domain/application";
import { lateMentorRunId, MatchingRun } from "../domain/matchingRun";
import { Cycle } from "../domain/programme";
import { queries } from "../store/queries";
import { inTransaction, type Data, type Tx } from "../store/repository";

export type SecondChance = Pick<MatchingRun, "cycle" | "reason" | "pairingId" | "waitlistMentee" | "proposeAs">;

/** Reads only: the run to create, or null. Write it with the transaction's other writes. */
export async function secondChanceRun(
  tx: Tx,
  runId: string,
  request: SecondChance,
  now: Date,
): Promise<{ id: string; data: Data } | null> {
  if (await tx.exists("matchingRuns", runId)) return null;
  const cycle = await tx.read("cycles", request.cycle, Cycle);
  const matched =
    (cycle !== null && cycle.matchingAt <= now) ||
    (await tx.query(queries.finishedRunsOfCycle(request.cycle), z.object({}))).length > 0;
  if (!matched) return null;
  const defined = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
  return { id: runId, data: { ...defined, status: "requested", attempts: 0, createdAt: now } };
}

/** A mentor confirmed (or typed in the console) after their cycle was matched: a run for the cycle, once. */
export async function requestLateMentorRun(applicationId: string, now: Date): Promise<void> {
  await inTransaction(async (tx) => {
    const mentor = await tx.read("applications", applicationId, StoredApplication);
    if (mentor?.kind !== "mentor" || mentor.status !== "received" || !mentor.cycle) return;
    const run = await secondChanceRun(
      tx,
      lateMentorRunId(applicationId),
      { cycle: mentor.cycle, reason: "lateMentor" },
      now,
    );
    if (run) tx.create("matchingRuns", run.id, run.data);
  });
}
