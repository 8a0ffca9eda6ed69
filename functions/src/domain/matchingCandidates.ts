/**
 * Who a matching run of a cycle may pair (docs/design.md §5, §10): `received` and
 * `waitlisted` mentees not already held by a pairing, mentors with the places
 * their pairings leave free — in this cycle and in earlier ones still in course
 * (the same person is the same address) — and the pairs never to propose again
 * (declined, expired, cancelled or deleted).
 */
import type { StoredApplication } from "./application";
import { excludedPairKey, type MenteeCandidate, type MentorCandidate } from "./matching";
import {
  capacityHoldingStatuses,
  inCourseStatuses,
  refusedStatuses,
  type Pairing,
  type RemovedPairing,
} from "./pairing";

/** Mentees a run considers: a waitlisted one gets a second chance whenever a run comes. */
const matchableMenteeStatuses: readonly StoredApplication["status"][] = ["received", "waitlisted"];

/** A person's address as the same person: typed in the console, it may differ in case or spaces. */
export const sameAddress = (email: string) => email.trim().toLowerCase();

/**
 * Places held by mentorships still in course from cycles before `cycle`, per
 * mentor address (docs/design.md §10): the same person is the same address. One rule
 * for a run and for a proposal made by hand.
 */
export function placesHeldEarlier(
  pairings: readonly { cycle: string; status: string; mentor: { email: string } }[],
  cycle: string,
): ReadonlyMap<string, number> {
  const held = new Map<string, number>();
  for (const p of pairings) {
    if (p.cycle >= cycle || !(inCourseStatuses as readonly string[]).includes(p.status)) continue;
    const key = sameAddress(p.mentor.email);
    held.set(key, (held.get(key) ?? 0) + 1);
  }
  return held;
}

export function matchingCandidates(
  applications: ReadonlyMap<string, StoredApplication>,
  pairings: ReadonlyMap<string, Pairing>,
  context: {
    /** Pairings of the same cycle the secretariat deleted. */
    removed?: readonly RemovedPairing[];
    /** Places held by earlier cycles' mentorships still in course (`placesHeldEarlier`). */
    heldEarlier?: ReadonlyMap<string, number>;
  } = {},
) {
  const all = [...pairings.values()];
  const holding = all.filter((p) => capacityHoldingStatuses.includes(p.status));
  const paired = new Set(
    all
      .filter((p) => !refusedStatuses.includes(p.status) && p.status !== "cancelled")
      .map((p) => p.mentee.applicationId),
  );
  const mentees: MenteeCandidate[] = [];
  const mentors: MentorCandidate[] = [];
  for (const [id, app] of applications) {
    // An erased person keeps `matched` for the figures, and is nobody to pair.
    if (app.anonymisedAt) continue;
    if (app.kind === "mentee" && matchableMenteeStatuses.includes(app.status) && !paired.has(id)) {
      mentees.push({ ...app, id });
    }
    if (app.kind === "mentor" && (app.status === "received" || app.status === "matched")) {
      const load =
        holding.filter((p) => p.mentor.applicationId === id).length +
        (context.heldEarlier?.get(sameAddress(app.person.email)) ?? 0);
      mentors.push({ ...app, id, capacity: app.capacity ?? 1, load });
    }
  }
  // A pair refused by the mentor, or cancelled or deleted by the secretariat, is never
  // proposed again (docs/design.md §10): the next run looks for another mentor for that mentee.
  const excluded = new Set([
    ...all
      .filter((p) => refusedStatuses.includes(p.status) || p.status === "cancelled")
      .map((p) => excludedPairKey(p.mentee.applicationId, p.mentor.applicationId)),
    ...(context.removed ?? []).map((r) => excludedPairKey(r.menteeApplicationId, r.mentorApplicationId)),
  ]);
  const topicLabels = topicLabelsOf(applications.values());
  const places = mentors.reduce((sum, m) => sum + Math.max(0, m.capacity - m.load), 0);
  return { mentees, mentors, excluded, topicLabels, places };
}

/** Topic id → the label the applications were stored with (the fallback when a topic is gone). */
export function topicLabelsOf(applications: Iterable<Pick<StoredApplication, "topics" | "topicLabels">>) {
  const labels: Record<string, string> = {};
  for (const app of applications) app.topics.forEach((topic, i) => (labels[topic] = app.topicLabels[i] ?? topic));
  return labels;
}

/**
 * An application's topic labels as people should read them: the `topics`
 * collection's, so one typed in the console (ids only) reads like one from the form.
 */
export function withTopicLabels<T extends Pick<StoredApplication, "topics" | "topicLabels">>(
  application: T,
  labels: Readonly<Record<string, string>>,
): T {
  return {
    ...application,
    topicLabels: application.topics.map((topic, i) => labels[topic] ?? application.topicLabels[i] ?? topic),
  };
}
