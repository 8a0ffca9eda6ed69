/**
 * What a matching run that sends pairings out means for each applicant (docs/design.md
 * §16). A cycle's run, once approved, speaks to every confirmed applicant of the cycle:
 * a mentee with a proposal sent, a mentee still waiting (and why), a mentor without a
 * mentee this time. A second-chance run speaks only to those it concerns: the mentees
 * it proposed for, and the one it was for if still waiting. A mentor with a proposal
 * hears nothing here: the proposal is the news. Pure.
 */
import type { StoredApplication } from "./application";
import type { MatchingRun } from "./matchingRun";
import { capacityHoldingStatuses, type Pairing } from "./pairing";

export type Outcome =
  | { applicationId: string; kind: "proposed" }
  | { applicationId: string; kind: "waiting"; reason: string | null }
  | { applicationId: string; kind: "available" };

interface RunSummary {
  unmatched?: { applicationId: string; reason: string }[];
  pairingIds?: string[];
}

const confirmed = ["received", "matched", "waitlisted"] as const;
const holds = (pairing: Pairing) => capacityHoldingStatuses.includes(pairing.status) && pairing.status !== "draft";

export function matchingOutcomes(
  run: Pick<MatchingRun, "cycle" | "reason" | "waitlistMentee"> & { summary?: RunSummary },
  applications: readonly { id: string; data: StoredApplication }[],
  pairings: readonly { id: string; data: Pairing }[],
): Outcome[] {
  const ofCycle = pairings.filter(({ data }) => data.cycle === run.cycle && holds(data));
  const heldBy = (id: string, role: "mentor" | "mentee") => ofCycle.some(({ data }) => data[role].applicationId === id);
  const unmatchedReason = new Map((run.summary?.unmatched ?? []).map((u) => [u.applicationId, u.reason]));
  const waiting = (id: string, application: StoredApplication | undefined): Outcome => ({
    applicationId: id,
    kind: "waiting",
    reason: unmatchedReason.get(id) ?? application?.waitlistReason ?? null,
  });
  const byId = new Map(applications.map(({ id, data }) => [id, data]));

  if (run.reason && run.reason !== "schedule") {
    const proposedBy = new Set(run.summary?.pairingIds ?? []);
    const proposed = ofCycle
      .filter(({ id, data }) => proposedBy.has(id) && data.status === "proposed")
      .map(({ data }): Outcome => ({ applicationId: data.mentee.applicationId, kind: "proposed" }));
    const left = run.waitlistMentee;
    const stillWaiting =
      left && !heldBy(left, "mentee") && byId.get(left)?.status === "waitlisted" ? [waiting(left, byId.get(left))] : [];
    return [...proposed, ...stillWaiting];
  }

  return applications.flatMap(({ id, data }): Outcome[] => {
    if (data.cycle !== run.cycle || data.anonymisedAt || !(confirmed as readonly string[]).includes(data.status))
      return [];
    if (data.kind === "mentee") {
      const held = ofCycle.find(({ data: p }) => p.mentee.applicationId === id)?.data.status;
      // One already in a mentorship heard it when it was accepted.
      if (held && held !== "proposed") return [];
      return [held ? { applicationId: id, kind: "proposed" } : waiting(id, data)];
    }
    if (data.kind === "mentor" && !heldBy(id, "mentor")) return [{ applicationId: id, kind: "available" }];
    return [];
  });
}
