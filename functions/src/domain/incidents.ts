/**
 * What participants report (docs/design.md §3, §10): an incident the secretariat
 * closes (`open` → `resolved`), or an agreed end date it confirms by setting
 * `status: "confirmed"`, which moves the mentorship's `endsAt`. Pure.
 */
import { z } from "zod";
import { inCourseStatuses, type Pairing } from "./pairing";

export const incidentStatuses = ["open", "resolved", "confirmed"] as const;

export const Incident = z.object({
  pairingId: z.string().min(1),
  kind: z.enum(["incident", "agreedEnd"]),
  status: z.enum(incidentStatuses, {
    error: 'L\'estat ha de ser "open", "resolved" o (per a una data de finalització) "confirmed".',
  }),
  proposedEndsAt: z.date().nullable().optional(),
  resolvedAt: z.date().nullable().optional(),
  appliedAt: z.date().nullable().optional(),
  problem: z.string().nullable().optional(),
});
export type Incident = z.infer<typeof Incident>;

export type IncidentOutcome =
  | { action: "none" }
  | { action: "close" }
  | { action: "applyEnd"; endsAt: Date }
  | { action: "refuse"; problem: string };

/** What a change to an incident asks for; `none` once done, so the writes it makes end the chain. */
export function settleIncident(incident: Incident, pairing: Pairing | null): IncidentOutcome {
  if (incident.status === "open") return { action: "none" };
  const closing = incident.resolvedAt ? { action: "none" as const } : { action: "close" as const };
  if (incident.status !== "confirmed" || incident.kind !== "agreedEnd" || incident.appliedAt) return closing;
  if (!incident.proposedEndsAt) {
    return { action: "refuse", problem: "No hi ha cap data a confirmar (falta proposedEndsAt)." };
  }
  if (!pairing || !inCourseStatuses.includes(pairing.status)) {
    return {
      action: "refuse",
      problem: `La mentoria ja no està en curs (status: ${pairing?.status ?? "no existeix"}): no s'ha canviat cap data.`,
    };
  }
  return { action: "applyEnd", endsAt: incident.proposedEndsAt };
}
