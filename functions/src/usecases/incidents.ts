/** Closing an incident, and confirming an agreed end date, in one transaction each (docs/design.md §10). */
import { Incident, settleIncident } from "../domain/incidents";
import { nextDeadlineAt } from "../domain/mentorship";
import { Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { inTransaction } from "../store/repository";
import { agreedEndEmails } from "../views/mentorshipEmails";
import { applicantPages } from "./applicantPages";

export async function settleIncidentChange(
  id: string,
  context: { linkKey: string; settings: ProgrammeSettings; now: Date },
): Promise<void> {
  const { linkKey, settings, now } = context;
  await inTransaction(async (tx) => {
    const incident = await tx.read("incidents", id, Incident);
    if (!incident) return;
    const pairing = await tx.read("pairings", incident.pairingId, Pairing);
    const outcome = settleIncident(incident, pairing);
    if (outcome.action === "none") return;
    if (outcome.action === "close") return tx.update("incidents", id, { resolvedAt: now });
    if (outcome.action === "refuse") {
      if (incident.problem !== outcome.problem) tx.update("incidents", id, { problem: outcome.problem });
      return;
    }
    const moved = { ...pairing!, endsAt: outcome.endsAt };
    const pages = await applicantPages(tx, moved, { linkKey, publicBaseUrl: settings.publicBaseUrl, now });
    await queueMail(tx, agreedEndEmails(id, moved, pages, settings), settings, now);
    tx.update("pairings", incident.pairingId, {
      endsAt: outcome.endsAt,
      nextDeadlineAt: nextDeadlineAt(moved, settings),
    });
    tx.update("incidents", id, { appliedAt: now, resolvedAt: now, problem: null });
  });
}
