/**
 * Pairings and their proposal lifecycle (docs/design.md §5, contract):
 * draft → proposed → accepted | declined | expired; cancelled at any point.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { MeetingMode } from "./programme";
import { RoleLinkVersions } from "./links";
import { CheckIns } from "./checkIns";
import type { MatchedPair } from "./matching";
import type { StoredApplication } from "./application";
import type { MatchingRun } from "./matchingRun";

export const pairingStatuses = [
  "draft",
  "proposed",
  "accepted",
  "declined",
  "expired",
  "active",
  "completed",
  "incomplete",
  "cancelled",
] as const;
export const PairingStatus = z.enum(pairingStatuses);
export type PairingStatus = z.infer<typeof PairingStatus>;

/** Statuses in which a pairing takes one of its mentor's places. */
export const capacityHoldingStatuses: readonly PairingStatus[] = ["draft", "proposed", "accepted", "active"];
/** Statuses of a mentorship in course: meetings and extensions are possible. */
export const inCourseStatuses: readonly PairingStatus[] = ["accepted", "active"];
/** Statuses of a mentorship that ended: documentation and assessment follow. */
export const closedStatuses: readonly PairingStatus[] = ["completed", "incomplete"];
/** Statuses after which the same pair is never proposed again. */
export const refusedStatuses: readonly PairingStatus[] = ["declined", "expired"];

const Party = z.object({
  applicationId: z.string().min(1),
  name: z.string(),
  email: z.string(),
  position: z.string().optional(),
  municipality: z.object({
    id: z.string(),
    name: z.string(),
    comarca: z.string().optional(),
    province: z.string().optional(),
  }),
  topics: z.array(z.string()).optional(),
  topicLabels: z.array(z.string()).optional(),
  modes: z.array(MeetingMode).optional(),
  description: z.string().optional(),
  availability: z.string().optional(),
  slots: z.array(z.string()).optional(),
});
export type Party = z.infer<typeof Party>;

export const Pairing = z.object({
  cycle: z.string(),
  runId: z.string().optional(),
  mentor: Party,
  mentee: Party,
  score: z.number().default(0),
  scoreBreakdown: z.record(z.string(), z.number()).optional(),
  reasons: z.array(z.string()).default([]),
  status: PairingStatus,
  proposedAt: z.date().nullable().optional(),
  respondBy: z.date().nullable().optional(),
  acceptedAt: z.date().nullable().optional(),
  declinedAt: z.date().nullable().optional(),
  expiredAt: z.date().nullable().optional(),
  nextDeadlineAt: z.date().nullable().optional(),
  requiredMeetings: z.number().int().optional(),
  meetingCount: z.number().int().default(0),
  reviewNote: z.string().nullable().optional(),
  createdAt: z.date().optional(),
  startsAt: z.date().nullable().optional(),
  endsAt: z.date().nullable().optional(),
  lastMeetingAt: z.date().nullable().optional(),
  requirementsMetAt: z.date().nullable().optional(),
  closedAt: z.date().nullable().optional(),
  /** When each reminder was sent: each is sent once. */
  reminders: z.record(z.string(), z.date()).default({}),
  extension: z
    .object({
      proposedEndsAt: z.date(),
      proposedBy: z.enum(["mentor", "mentee"]),
      mentorAgreedAt: z.date().nullable().optional(),
      menteeAgreedAt: z.date().nullable().optional(),
      agreedAt: z.date().nullable().optional(),
    })
    .nullable()
    .optional(),
  documentation: z.object({ submittedAt: z.date(), materialId: z.string() }).nullable().optional(),
  /** The «acord de mentoria» (docs/design.md §17): what the pair agreed, by either of them, seen by both. */
  agreement: z
    .object({
      objectives: z.string(),
      rhythm: z.string(),
      plannedEndOn: z.date(),
      by: z.enum(["mentor", "mentee"]),
      at: z.date(),
    })
    .optional(),
  /** The check-ins sent and their answers, by month (docs/design.md §17). */
  checkIns: CheckIns.default({}),
  cancelledAt: z.date().nullable().optional(),
  cancelReason: z.string().nullable().optional(),
  /** Raised by one in the console to revoke every link to this pairing issued before. */
  linkVersion: z.number().int().min(0).optional(),
  /** Raised for one participant whose address was corrected: only their links are revoked (docs/design.md §4a). */
  roleLinkVersions: RoleLinkVersions.optional(),
  assessments: z
    .record(z.string(), z.object({ score: z.number().int(), comments: z.string(), submittedAt: z.date() }))
    .default({}),
});
export type Pairing = z.infer<typeof Pairing>;

export function pairingId(cycle: string, menteeApplicationId: string, mentorApplicationId: string): string {
  const hash = createHash("sha256").update(`${menteeApplicationId}|${mentorApplicationId}`).digest("hex").slice(0, 16);
  return `${cycle}-${hash}`;
}

export function partyFrom(applicationId: string, application: StoredApplication): Party {
  return {
    applicationId,
    name: application.person.name,
    email: application.person.email,
    position: application.person.position,
    municipality: application.municipality,
    topics: application.topics,
    topicLabels: application.topicLabels,
    modes: application.modes,
    description: application.description,
    ...(application.availability !== undefined ? { availability: application.availability } : {}),
    ...(application.slots !== undefined ? { slots: application.slots } : {}),
  };
}

export function draftPairing(
  cycle: string,
  runId: string,
  pair: MatchedPair,
  mentee: Party,
  mentor: Party,
  requiredMeetings: number,
  now: Date,
): Pairing {
  return {
    cycle,
    runId,
    mentor,
    mentee,
    score: pair.score,
    scoreBreakdown: pair.scoreBreakdown,
    reasons: pair.reasons,
    status: "draft",
    meetingCount: 0,
    requiredMeetings,
    reminders: {},
    assessments: {},
    checkIns: {},
    createdAt: now,
  };
}

const day = 24 * 60 * 60_000;

/** The fields a pairing gets when it becomes proposed. */
export function proposalDates(now: Date, responseDays: number) {
  const respondBy = new Date(now.getTime() + responseDays * day);
  return { proposedAt: now, respondBy, nextDeadlineAt: respondBy };
}

/** Links stay usable a day past the deadline, so a late click sees "expired", not "invalid". */
export function linkExpiry(respondBy: Date): number {
  return respondBy.getTime() + day;
}

export type Decision = "accept" | "decline";

export type Response =
  | { outcome: "accepted"; update: Pick<Pairing, "status" | "acceptedAt" | "nextDeadlineAt"> }
  | { outcome: "declined"; update: Pick<Pairing, "status" | "declinedAt" | "nextDeadlineAt"> }
  | { outcome: "expired"; update: Pick<Pairing, "status" | "expiredAt" | "nextDeadlineAt"> }
  | { outcome: "unchanged"; status: PairingStatus };

/** A mentor's answer to a proposal. Only a proposed pairing still in time changes. */
export function respondToProposal(pairing: Pairing, decision: Decision, now: Date): Response {
  if (pairing.status !== "proposed") return { outcome: "unchanged", status: pairing.status };
  if (pairing.respondBy && pairing.respondBy <= now) return expireProposal(pairing, now);
  if (decision === "accept") {
    return { outcome: "accepted", update: { status: "accepted", acceptedAt: now, nextDeadlineAt: null } };
  }
  return { outcome: "declined", update: { status: "declined", declinedAt: now, nextDeadlineAt: null } };
}

/** A proposal whose `respondBy` passed; the daily job calls this for every due one. */
export function expireProposal(pairing: Pairing, now: Date): Response {
  if (pairing.status !== "proposed" || !pairing.respondBy || pairing.respondBy > now) {
    return { outcome: "unchanged", status: pairing.status };
  }
  return { outcome: "expired", update: { status: "expired", expiredAt: now, nextDeadlineAt: null } };
}

/**
 * Whether a proposal may go out: a mentor's places are held by every other
 * pairing that holds capacity. Returns null when it may, or what holds it back.
 */
export function capacityHold(heldByOthers: number, capacity: number): { held: number; capacity: number } | null {
  return heldByOthers >= capacity ? { held: heldByOthers, capacity } : null;
}

/** Statuses a withdrawal cancels (docs/design.md §10); a finished mentorship stays as it ended. */
export const cancelledByWithdrawal: readonly PairingStatus[] = ["draft", "proposed", "accepted", "active"];

/** What a pairing becomes when one of its two applications is withdrawn, or null if it stays. */
export function cancelForWithdrawal(pairing: Pairing, applicationId: string, now: Date) {
  if (!cancelledByWithdrawal.includes(pairing.status)) return null;
  const who = pairing.mentor.applicationId === applicationId ? "la persona mentora" : "la persona mentorada";
  return {
    status: "cancelled" as const,
    cancelledAt: now,
    cancelReason: `Sol·licitud retirada per ${who} (${applicationId}).`,
    nextDeadlineAt: null,
  };
}

export type Role = "mentor" | "mentee";

/**
 * Who had been told of a pair before it was cancelled or deleted, and so is
 * told it is off (docs/design.md §10): the mentor once proposed, both once accepted.
 * A draft told nobody; a pair that had ended or been refused is not undone.
 */
export function toldOfPairing(pairing: Pick<Pairing, "status" | "proposedAt">): Role[] {
  if (inCourseStatuses.includes(pairing.status)) return ["mentor", "mentee"];
  if (pairing.status === "proposed" && pairing.proposedAt) return ["mentor"];
  return [];
}

/** A pairing the secretariat deleted, remembered so that the pair is never proposed again. */
export const RemovedPairing = z.object({
  cycle: z.string(),
  menteeApplicationId: z.string(),
  mentorApplicationId: z.string(),
  statusBefore: PairingStatus,
  removedAt: z.date(),
});
export type RemovedPairing = z.infer<typeof RemovedPairing>;

export function removedPairing(pairing: Pairing, now: Date): RemovedPairing {
  return {
    cycle: pairing.cycle,
    menteeApplicationId: pairing.mentee.applicationId,
    mentorApplicationId: pairing.mentor.applicationId,
    statusBefore: pairing.status,
    removedAt: now,
  };
}

/**
 * What a pairing cancelled or deleted (docs/design.md §10) sets off, or null when
 * nothing: a deletion matters only while both its applications are the ones
 * it was made with (they exist and are older than it) — an erasure, a cleared
 * database, an application made anew at the same address are not this pair.
 */
export function endedPairingEffects(
  before: Pairing,
  ended: Pairing,
  how: "cancelled" | "deleted",
  applications: Record<Role, Pick<StoredApplication, "status" | "createdAt"> | null>,
  menteeHeldElsewhere: boolean,
) {
  const ours = (app: Pick<StoredApplication, "createdAt"> | null) =>
    app !== null && !(before.createdAt && app.createdAt > before.createdAt);
  if (how === "deleted" && !(ours(applications.mentor) && ours(applications.mentee))) return null;
  // Someone who withdrew knows (the withdrawal told the other person: the same mail id);
  // someone erased (no address left on the pairing) is written to no more.
  const told = toldOfPairing(before).filter((role) => {
    const app = applications[role];
    return app !== null && app.status !== "withdrawn" && ended[role].email !== "";
  });
  const menteeStays = applications.mentee !== null && applications.mentee.status !== "withdrawn";
  const secondChance: Pick<MatchingRun, "reason" | "waitlistMentee" | "proposeAs"> | null =
    capacityHoldingStatuses.includes(before.status)
      ? {
          reason: "freed",
          waitlistMentee: menteeStays ? before.mentee.applicationId : undefined,
          // A draft under review is replaced by a draft: the secretariat is still deciding.
          proposeAs: before.status === "draft" ? "draft" : undefined,
        }
      : null;
  return {
    told,
    remember: how === "deleted",
    menteeBackToReceived: applications.mentee?.status === "matched" && !menteeHeldElsewhere,
    secondChance,
  };
}
