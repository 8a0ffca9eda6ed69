/**
 * Proposals (DESIGN §5): a pairing that becomes `proposed` gets its dates and
 * an email with a signed link; the mentor's answer (or the deadline) settles
 * it exactly once. Each is one transaction, so repeated or concurrent events
 * and clicks change things once and queue each email once.
 */
import { StoredApplication } from "../domain/application";
import { compatibility } from "../domain/matching";
import { MatchingRun, rematchRunId } from "../domain/matchingRun";
import { signLink } from "../domain/links";
import {
  capacityHoldingStatuses,
  expireProposal,
  linkExpiry,
  Pairing,
  partyFrom,
  proposalDates,
  respondToProposal,
  type Decision,
  type PairingStatus,
} from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { db, toPlain } from "../firebase";
import { logs } from "../logs";
import { mentorshipDates, nextDeadlineAt } from "../domain/mentorship";
import { acceptedToMentor } from "../views/mentorshipEmails";
import { acceptedEmails, proposalEmail, refusedNotice } from "../views/pairingEmails";
import { cycleStart, participantLinks } from "./mentorship";
import { queueMail } from "./outbox";
import { readSettings } from "./programme";

const pairings = () => db.collection("pairings");
const applications = () => db.collection("applications");

const applicationIdOf = (value: unknown) =>
  value && typeof value === "object" && typeof (value as { applicationId?: unknown }).applicationId === "string"
    ? (value as { applicationId: string }).applicationId
    : null;

/**
 * Sends the proposal of a pairing that is `proposed` without `proposedAt`,
 * including one the secretariat wrote by hand with just the two application ids.
 */
export async function proposePairing(id: string, linkKey: string): Promise<void> {
  const settings = await readSettings();
  if (!settings) return;
  const outcome = await db.runTransaction(async (tx) => {
    const now = new Date();
    const ref = pairings().doc(id);
    const raw = (await tx.get(ref)).data();
    if (!raw || raw.status !== "proposed" || raw.proposedAt) return null;
    const mentorId = applicationIdOf(raw.mentor);
    const menteeId = applicationIdOf(raw.mentee);
    if (!mentorId || !menteeId) {
      tx.update(ref, { status: "draft", reviewNote: "Falten mentor.applicationId i mentee.applicationId." });
      return "held";
    }
    const [mentorSnap, menteeSnap, held] = await Promise.all([
      tx.get(applications().doc(mentorId)),
      tx.get(applications().doc(menteeId)),
      tx.get(
        pairings()
          .where("mentor.applicationId", "==", mentorId)
          .where("status", "in", [...capacityHoldingStatuses]),
      ),
    ]);
    if (!mentorSnap.exists || !menteeSnap.exists) {
      tx.update(ref, { status: "draft", reviewNote: "No existeix alguna de les dues sol·licituds indicades." });
      return "held";
    }
    const mentorApp = StoredApplication.parse(toPlain(mentorSnap.data()));
    const menteeApp = StoredApplication.parse(toPlain(menteeSnap.data()));
    const capacity = mentorApp.capacity ?? 1;
    const others = held.docs.filter((doc) => doc.id !== id).length;
    if (others >= capacity) {
      const note = `No s'ha enviat: ${mentorApp.person.name} ja té ${others} mentories pendents o en curs i la seva capacitat és ${capacity}.`;
      tx.update(ref, { status: "draft", reviewNote: note });
      logs.proposalHeld(id, note);
      return "held";
    }
    const mentor = partyFrom(mentorId, mentorApp);
    const mentee = partyFrom(menteeId, menteeApp);
    const fit = raw.reasons ? null : compatibility({ id: menteeId, ...menteeApp }, { id: mentorId, ...mentorApp });
    const pairing = Pairing.parse({
      ...(toPlain(raw) as object),
      cycle: raw.cycle ?? menteeApp.cycle,
      mentor,
      mentee,
      ...(fit ? { score: fit.score, scoreBreakdown: fit.scoreBreakdown, reasons: fit.reasons } : {}),
      requiredMeetings: raw.requiredMeetings ?? settings.requiredMeetings,
      ...proposalDates(now, settings.proposalResponseDays),
    });
    const token = signLink(linkKey, {
      pairingId: id,
      role: "mentor",
      purpose: "proposal",
      expiresAt: linkExpiry(pairing.respondBy!),
    });
    const link = `${settings.publicBaseUrl.replace(/\/$/, "")}/proposta/${token}`;
    await queueMail(tx, [proposalEmail(id, pairing, link, settings)], settings.senderEmail, now);
    tx.set(ref, { ...pairing, reviewNote: null }, { merge: true });
    return "sent";
  });
  if (outcome === "sent") logs.proposalSent(id);
}

export type Answer =
  | { outcome: "accepted" | "declined" | "expired" }
  | { outcome: "unchanged"; status: PairingStatus }
  | { outcome: "not_found" };

/** The mentor's answer, or the deadline passing (`expire`, called by the daily job). */
export async function answerProposal(
  id: string,
  action: Decision | "expire",
  now: Date,
  context: { linkKey: string; settings: ProgrammeSettings; reads?: { add(n: number): void } },
): Promise<Answer> {
  const { linkKey, settings, reads } = context;
  const answer = await db.runTransaction(async (tx): Promise<Answer> => {
    const ref = pairings().doc(id);
    const snap = await tx.get(ref);
    reads?.add(1);
    if (!snap.exists) return { outcome: "not_found" };
    const pairing = Pairing.parse(toPlain(snap.data()));
    const response = action === "expire" ? expireProposal(pairing, now) : respondToProposal(pairing, action, now);
    if (response.outcome === "unchanged") return { outcome: "unchanged", status: response.status };
    const answered = { ...pairing, ...response.update };
    if (response.outcome === "accepted") {
      const dates = mentorshipDates(now, await cycleStart(tx, pairing.cycle), settings);
      const started = { ...answered, ...dates };
      const links = participantLinks(id, linkKey, settings, now);
      await queueMail(
        tx,
        [...acceptedEmails(id, started, links.mentee, settings), acceptedToMentor(id, started, links.mentor, settings)],
        settings.senderEmail,
        now,
      );
      tx.update(ref, { ...response.update, ...dates, nextDeadlineAt: nextDeadlineAt(started, settings) });
      for (const party of [pairing.mentee, pairing.mentor]) {
        tx.update(applications().doc(party.applicationId), { status: "matched", updatedAt: now });
      }
      return { outcome: "accepted" };
    }
    // Declined or expired: find the best mentor still possible by solving the
    // cycle again, with every pending and accepted pairing kept as it is.
    const runRef = db.collection("matchingRuns").doc(rematchRunId(id));
    const runExists = (await tx.get(runRef)).exists;
    reads?.add(1);
    await queueMail(tx, [refusedNotice(id, answered, response.outcome, settings)], settings.senderEmail, now, reads);
    tx.update(ref, response.update);
    if (!runExists) {
      const run: MatchingRun = {
        cycle: pairing.cycle,
        status: "requested",
        reason: response.outcome === "declined" ? "decline" : "expiry",
        pairingId: id,
        waitlistMentee: pairing.mentee.applicationId,
      };
      tx.create(runRef, { ...run, createdAt: now });
    }
    return { outcome: response.outcome };
  });
  logs.proposalAnswered(id, answer.outcome);
  return answer;
}
