/** The matching run a cycle gets once its `matchingAt` has passed (docs/design.md §6), requested once. */
import { z } from "zod";
import { MatchingRun, scheduledRunId } from "../domain/matchingRun";
import { queries } from "../store/queries";
import { inTransaction, store, type ReadCounter } from "../store/repository";

/** Cycles whose matching date passed this long ago or less are still looked at. */
const recentDays = 90;

export async function requestDueMatchingRuns(now: Date, reads: ReadCounter): Promise<string[]> {
  const since = new Date(now.getTime() - recentDays * 24 * 60 * 60_000);
  const cycles = await store.ids(queries.cyclesMatchingBetween(since, now), reads);
  const requested: string[] = [];
  for (const cycle of cycles) {
    const created = await inTransaction(async (tx) => {
      const runs = await tx.query(queries.runsOfCycle(cycle), z.object({}));
      if (runs.length > 0) return false;
      const run: MatchingRun = { cycle, status: "requested", reason: "schedule", attempts: 0 };
      tx.create("matchingRuns", scheduledRunId(cycle), { ...run, createdAt: now });
      return true;
    }, reads);
    if (created) requested.push(cycle);
  }
  return requested;
}
