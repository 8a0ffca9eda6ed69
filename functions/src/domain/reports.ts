/**
 * A cycle's figures (docs/design.md §11), from its documents. Pure: the shell reads a
 * cycle's documents when its report is out of date, never on every write.
 */
import { z } from "zod";
import { hoursReport, type AdvisoryGroup } from "./advisory";
import { applicationKinds } from "./application";
import { pairingStatuses } from "./pairing";
import type { Cycle } from "./programme";

export const cycleReportId = (cycle: string) => `cycle-${cycle}`;

/** What the figures read of each document: a document missing a field still counts where it can. */
export const ReportApplication = z.object({
  kind: z.enum(applicationKinds),
  status: z.string(),
  municipality: z.object({ id: z.string(), name: z.string().default("") }).loose(),
});
export const ReportPairing = z.object({
  status: z.enum(pairingStatuses),
  /** Kept equal to its sessions, also those the secretariat adds without a cycle (docs/design.md §6). */
  meetingCount: z.number().int().default(0),
  assessments: z.record(z.string(), z.object({ score: z.number() }).loose()).default({}),
});
type ReportApplication = z.infer<typeof ReportApplication>;
type ReportPairing = z.infer<typeof ReportPairing>;

/**
 * Advisory requests and groups have no cycle of their own: each belongs to the
 * cycle whose application window opened last before it was created.
 */
export function cycleSpan(cycles: readonly Pick<Cycle, "id" | "applicationsOpenAt">[], id: string) {
  const ordered = [...cycles].sort((a, b) => a.applicationsOpenAt.getTime() - b.applicationsOpenAt.getTime());
  const index = ordered.findIndex((cycle) => cycle.id === id);
  if (index < 0) return null;
  return { from: ordered[index]!.applicationsOpenAt, until: ordered[index + 1]?.applicationsOpenAt ?? null };
}

export function cycleAt(cycles: readonly Pick<Cycle, "id" | "applicationsOpenAt">[], date: Date): string | null {
  const opened = cycles.filter((cycle) => cycle.applicationsOpenAt <= date);
  opened.sort((a, b) => b.applicationsOpenAt.getTime() - a.applicationsOpenAt.getTime());
  return opened[0]?.id ?? null;
}

const countBy = <K extends string>(keys: readonly K[], values: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, values.filter((v) => v === key).length])) as Record<K, number>;

const average = (scores: readonly number[]) =>
  scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;

export function cycleFigures(
  cycle: string,
  input: {
    /** The cycle's mentee and mentor applications and the advisory requests of its span. */
    applications: readonly ReportApplication[];
    pairings: readonly ReportPairing[];
    groups: readonly AdvisoryGroup[];
  },
) {
  // Confirmed only (docs/design.md §4a): an unconfirmed application is nobody's yet.
  const confirmed = input.applications.filter((app) => app.status !== "unconfirmed");
  const taking = confirmed.filter((app) => app.status !== "withdrawn");
  const municipalities = [...new Set(taking.map((app) => app.municipality.name || app.municipality.id))].sort((a, b) =>
    a.localeCompare(b, "ca"),
  );
  const pairings = countBy(
    pairingStatuses,
    input.pairings.map((p) => p.status),
  );
  const ended = pairings.completed + pairings.incomplete;
  const scoresOf = (role: string) =>
    input.pairings.flatMap((p) => {
      const score = p.assessments[role]?.score;
      return score === undefined ? [] : [score];
    });
  const assessment = (role: string) => ({ count: scoresOf(role).length, average: average(scoresOf(role)) });
  const advisory = hoursReport(input.groups, () => cycle)[cycle] ?? {
    groups: 0,
    groupsDone: 0,
    plannedHours: 0,
    deliveredHours: 0,
    deliveredHoursByAdvisor: {},
  };
  return {
    cycle,
    applications: countBy(
      applicationKinds,
      confirmed.map((app) => app.kind),
    ),
    withdrawn: countBy(
      applicationKinds,
      confirmed.filter((app) => app.status === "withdrawn").map((app) => app.kind),
    ),
    municipalities: municipalities.length,
    municipalityNames: municipalities,
    pairings,
    meetingsHeld: input.pairings.reduce((sum, p) => sum + p.meetingCount, 0),
    mentorshipsEnded: ended,
    /** Completed of those ended, 0–1; null while none has ended. */
    completionRate: ended === 0 ? null : Math.round((pairings.completed / ended) * 1000) / 1000,
    assessments: { mentor: assessment("mentor"), mentee: assessment("mentee") },
    advisory,
  };
}
export type CycleFigures = ReturnType<typeof cycleFigures>;

/** The fields of a confirmed application the figures read (an unconfirmed one counts nowhere). */
export const reportedApplicationFields = ["status", "kind", "cycle", "municipality.id"] as const;

/** The fields of a pairing the figures read: a write that changes none of them (a deadline, a reminder) leaves the report as it is. */
export const reportedPairingFields = ["status", "assessments", "meetingCount", "cycle"] as const;
