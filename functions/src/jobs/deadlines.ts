/**
 * The daily deadline job (docs/design.md §6), 08:00 Europe/Madrid. It reads only what
 * is due — pairings whose `nextDeadlineAt` has passed, and cycles whose
 * `matchingAt` passed recently — and counts what it reads.
 */
import { Pairing } from "../domain/pairing";
import { processingFailedProblem } from "../domain/problem";
import { logs } from "../logs";
import { readSettings } from "../store/programme";
import { queries } from "../store/queries";
import { ReadCounter, store } from "../store/repository";
import { closeDueGroups } from "../usecases/advisory";
import { eachIsolated } from "../usecases/eachIsolated";
import { enforcePairingDeadlines } from "../usecases/mentorship";
import { answerProposal } from "../usecases/proposals";
import { sendCalls } from "../usecases/calls";
import { remindUnconfirmed } from "../usecases/confirmationReminders";
import { applyRetention } from "../usecases/retention";
import { requestDueMatchingRuns } from "../usecases/scheduledRuns";

export async function runDeadlines(now: Date, linkKey: string) {
  const reads = new ReadCounter();
  const settings = await readSettings(reads);
  if (!settings)
    return { reads: reads.count, pairings: 0, enforced: [] as string[], matchingRequested: [] as string[] };
  // A pairing that does not parse is skipped (and marked with `problem`): the others go on.
  const due = await store.query(queries.pairingsDue(now, 500), Pairing, reads);
  const enforced: string[] = [];
  const statuses = new Map(due.map(({ id, data }) => [id, data.status]));
  // One at a time: each is its own transaction, and emails should not burst. One
  // that throws is logged and marked, and the rest go on (docs/design.md §14).
  const failed = await eachIsolated(
    "deadline",
    due.map(({ id }) => id),
    async (id) => {
      if (statuses.get(id) === "proposed") {
        const answer = await answerProposal(id, "expire", now, { linkKey, settings, reads });
        if (answer.outcome === "expired") enforced.push(`${id}:expired`);
      } else {
        const done = await enforcePairingDeadlines(id, now, linkKey, settings, reads);
        enforced.push(...done.map((kind) => `${id}:${kind}`));
      }
    },
    (id) => store.update("pairings", id, { problem: processingFailedProblem }),
  );
  const matchingRequested = await requestDueMatchingRuns(now, reads);
  const groupsReady = await closeDueGroups(now, settings, reads);
  const calls = await sendCalls(settings, linkKey, now, reads);
  const confirmationReminders = await remindUnconfirmed(settings, linkKey, now, reads);
  const retention = await applyRetention(settings, now, reads);
  logs.deadlinesRun(due.length, enforced.length, reads.count);
  return {
    reads: reads.count,
    pairings: due.length,
    enforced,
    failed,
    matchingRequested,
    groupsReady,
    calls,
    confirmationReminders,
    retention,
  };
}
