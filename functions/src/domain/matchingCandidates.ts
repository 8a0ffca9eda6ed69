/**
 * Who a matching run of a cycle may pair (DESIGN §5): `received` mentees not
 * already held by a pairing, mentors with the places their pairings leave
 * free, and the pairs never to propose again (declined, expired, cancelled).
 */
import type { StoredApplication } from "./application";
import { excludedPairKey, type MenteeCandidate, type MentorCandidate } from "./matching";
import { capacityHoldingStatuses, refusedStatuses, type Pairing } from "./pairing";

export function matchingCandidates(
  applications: ReadonlyMap<string, StoredApplication>,
  pairings: ReadonlyMap<string, Pairing>,
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
    if (app.kind === "mentee" && app.status === "received" && !paired.has(id)) mentees.push({ ...app, id });
    if (app.kind === "mentor" && (app.status === "received" || app.status === "matched")) {
      const load = holding.filter((p) => p.mentor.applicationId === id).length;
      mentors.push({ ...app, id, capacity: app.capacity ?? 1, load });
    }
  }
  // A pair refused by the mentor, or cancelled by the secretariat, is never proposed again
  // (DESIGN §10): the next run looks for another mentor for that mentee.
  const excluded = new Set(
    all
      .filter((p) => refusedStatuses.includes(p.status) || p.status === "cancelled")
      .map((p) => excludedPairKey(p.mentee.applicationId, p.mentor.applicationId)),
  );
  const topicLabels = topicLabelsOf(applications.values());
  const places = mentors.reduce((sum, m) => sum + Math.max(0, m.capacity - m.load), 0);
  return { mentees, mentors, excluded, topicLabels, places };
}

/** Topic id → the label the applications were stored with, for the reasons. */
export function topicLabelsOf(applications: Iterable<Pick<StoredApplication, "topics" | "topicLabels">>) {
  const labels: Record<string, string> = {};
  for (const app of applications) app.topics.forEach((topic, i) => (labels[topic] = app.topicLabels[i] ?? topic));
  return labels;
}
