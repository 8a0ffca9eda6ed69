/**
 * A request to match a cycle (docs/design.md §5): requested → running → done | failed;
 * approved sends its drafts. A run a mass change asked for may be held, then
 * requested again or dropped (docs/design.md §15).
 */
import { z } from "zod";
import { MailGuard } from "./mail";
import type { MatchingResult, MenteeCandidate } from "./matching";
import { closeCallTally, cohortExplanation } from "./matching";

export const MatchingRun = z.object({
  cycle: z.string().regex(/^\d{4}$/),
  status: z.enum(["requested", "running", "done", "failed", "approved", "held", "dropped"]),
  /**
   * Why the run was asked for: the schedule, or a second chance (docs/design.md §10) —
   * a decline or expiry, a place freed by a cancellation, a mentor confirmed late.
   */
  reason: z.enum(["decline", "expiry", "schedule", "freed", "lateMentor"]).optional(),
  pairingId: z.string().optional(),
  /** The mentee left without a mentor by that decline or cancellation: waitlisted if none is found. */
  waitlistMentee: z.string().optional(),
  /** The status its pairings get when not the reason's own (a cancelled draft is replaced by a draft). */
  proposeAs: z.enum(["draft", "proposed"]).optional(),
  /** The cancellation, deletion or withdrawal that freed the place: its emails carry it too (docs/design.md §15). */
  guard: MailGuard.optional(),
  /** A run that would send proposals waits out the mass-change window: the work sweep starts it. */
  notBefore: z.date().nullable().optional(),
  holdId: z.string().optional(),
  /** The status its pairings were created in: `proposed` ones went out at once (docs/design.md §16). */
  createdAs: z.enum(["draft", "proposed"]).optional(),
  finishedAt: z.date().optional(),
  /** When the current attempt claimed the run, and how many attempts have claimed it. */
  startedAt: z.date().nullable().optional(),
  attempts: z.number().int().min(0).default(0),
});
export type MatchingRun = z.infer<typeof MatchingRun>;

export const rematchRunId = (pairingId: string) => `rematch-${pairingId}`;
/** The run a cancelled or deleted pairing asks for: the place it held is free again. */
export const freedRunId = (pairingId: string) => `freed-${pairingId}`;
/** The run a mentor confirmed after the cycle's matching asks for. */
export const lateMentorRunId = (applicationId: string) => `mentor-${applicationId}`;

/** Runs that give someone a second chance: their pairings follow `rematchStatus` (docs/design.md §10). */
const secondChanceReasons: readonly (MatchingRun["reason"] | undefined)[] = [
  "decline",
  "expiry",
  "freed",
  "lateMentor",
];
/** The run the daily job asks for once a cycle's `matchingAt` has passed. */
export const scheduledRunId = (cycle: string) => `scheduled-${cycle}`;

/** Close calls listed by name in a run's summary; the tally counts them all. */
const closeCallsListed = 20;

export function runSummary(
  result: MatchingResult,
  mentees: readonly MenteeCandidate[],
  mentors: readonly MenteeCandidate[],
  mentorPlaces: number,
  pairingIds: readonly string[],
) {
  const byId = new Map([...mentees, ...mentors].map((candidate) => [candidate.id, candidate]));
  const nameOf = (id: string) => byId.get(id)?.person.name ?? id;
  return {
    menteesConsidered: mentees.length,
    mentorsConsidered: mentors.length,
    mentorPlaces,
    matched: result.pairs.length,
    totalScore: result.totalScore,
    pairingIds: [...pairingIds],
    unmatched: result.unmatched.map(({ menteeId, reason }) => ({
      applicationId: menteeId,
      name: nameOf(menteeId),
      municipality: byId.get(menteeId)?.municipality.name ?? "",
      reason,
    })),
    /** Where another mentor shared as many topics: which factor chose (docs/design.md §5). */
    closeCalls: {
      ...closeCallTally(result.closeCalls),
      listed: result.closeCalls.slice(0, closeCallsListed).map((call) => ({
        mentee: nameOf(call.menteeId),
        mentor: nameOf(call.mentorId),
        alternative: nameOf(call.alternativeId),
        decidedBy: call.decidedBy,
      })),
    },
    explanation: cohortExplanation(result, mentees.length),
  };
}

/**
 * What a finished run writes: new pairings (those not already there) in the
 * status its reason asks for — a second chance (a decline, an expiry, a freed
 * place, a late mentor) follows `rematchStatus`, a cycle's run gives drafts — and the mentee the
 * run was for, when still without a mentor, is waitlisted.
 */
export function decideRun(
  run: MatchingRun,
  result: MatchingResult,
  existingPairings: ReadonlySet<string>,
  pairingIdOf: (menteeId: string, mentorId: string) => string,
  rematchStatus: "draft" | "proposed",
) {
  const status = run.proposeAs ?? (secondChanceReasons.includes(run.reason) ? rematchStatus : "draft");
  const created = result.pairs
    .map((pair) => ({ pair, id: pairingIdOf(pair.menteeId, pair.mentorId) }))
    .filter(({ id }) => !existingPairings.has(id));
  const waitlisted = result.unmatched.find((u) => u.menteeId === run.waitlistMentee) ?? null;
  return { status, created, waitlisted };
}

/**
 * A run stays `running` only while its function lives: one still `running`
 * this long after it started (the function's timeout is 300 s) crashed or was
 * stopped, and the sweep gives it back (docs/design.md §14).
 */
export const runLeaseMs = 10 * 60_000;
export const maxRunAttempts = 3;

export type RunRecovery = { status: "requested" } | { status: "failed"; error: string } | null;

/** What the sweep does with a run: nothing while its lease holds; run it again, or give up after three tries. */
export function recoverRun(run: MatchingRun, now: Date): RunRecovery {
  if (run.status !== "running") return null;
  if (run.startedAt && now.getTime() - run.startedAt.getTime() < runLeaseMs) return null;
  if (run.attempts >= maxRunAttempts) {
    return {
      status: "failed",
      error: `L'aparellament s'ha interromput ${run.attempts} vegades sense acabar. Reviseu els registres (logs) de la funció matchingRuns i torneu a posar status: "requested".`,
    };
  }
  return { status: "requested" };
}
