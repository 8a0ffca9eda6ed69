/**
 * The daily deadline job (DESIGN §6), 08:00 Europe/Madrid. It reads only what
 * is due — pairings whose `nextDeadlineAt` has passed, and cycles whose
 * `matchingAt` passed recently — and counts what it reads.
 */
import { MatchingRun, scheduledRunId } from "../domain/matchingRun";
import { db } from "../firebase";
import { logs } from "../logs";
import { closeDueGroups } from "../store/advisory";
import { enforcePairingDeadlines, ReadCounter } from "../store/mentorship";
import { readSettings } from "../store/programme";
import { answerProposal } from "../store/proposals";

const recentDays = 90;

export async function runDeadlines(now: Date, linkKey: string) {
  const reads = new ReadCounter();
  const settings = await readSettings();
  reads.add(1);
  if (!settings)
    return { reads: reads.count, pairings: 0, enforced: [] as string[], matchingRequested: [] as string[] };
  const due = await db
    .collection("pairings")
    .where("nextDeadlineAt", "<=", now)
    .orderBy("nextDeadlineAt")
    .limit(500)
    .get();
  reads.add(due.size);
  const enforced: string[] = [];
  // One at a time: each is its own transaction, and emails should not burst.
  for (const doc of due.docs) {
    if (doc.get("status") === "proposed") {
      const answer = await answerProposal(doc.id, "expire", now, { linkKey, settings, reads });
      if (answer.outcome === "expired") enforced.push(`${doc.id}:expired`);
    } else {
      const done = await enforcePairingDeadlines(doc.id, now, linkKey, settings, reads);
      enforced.push(...done.map((kind) => `${doc.id}:${kind}`));
    }
  }
  const since = new Date(now.getTime() - recentDays * 24 * 60 * 60_000);
  const cycles = await db.collection("cycles").where("matchingAt", "<=", now).where("matchingAt", ">", since).get();
  reads.add(cycles.size);
  const matchingRequested: string[] = [];
  for (const cycle of cycles.docs) {
    const requested = await db.runTransaction(async (tx) => {
      const runs = await tx.get(db.collection("matchingRuns").where("cycle", "==", cycle.id).limit(1));
      reads.add(runs.size);
      if (!runs.empty) return false;
      const run: MatchingRun = { cycle: cycle.id, status: "requested", reason: "schedule" };
      tx.create(db.collection("matchingRuns").doc(scheduledRunId(cycle.id)), { ...run, createdAt: now });
      return true;
    });
    if (requested) matchingRequested.push(cycle.id);
  }
  const groupsReady = await closeDueGroups(now, reads);
  logs.deadlinesRun(due.size, enforced.length, reads.count);
  return { reads: reads.count, pairings: due.size, enforced, matchingRequested, groupsReady };
}
