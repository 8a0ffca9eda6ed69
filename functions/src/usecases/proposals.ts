/**
 * Proposals (docs/design.md §5): a pairing that becomes `proposed` gets its dates and
 * an email with a signed link; the mentor's answer (or the deadline) settles
 * it exactly once. Each is one transaction, so repeated or concurrent events
 * and clicks change things once and queue each email once.
 */
import { z } from "zod";
import { StoredApplication } from "../domain/application";
import { applicationLink, currentLinkVersion, linkUrl, participantLinks } from "../domain/links";
import { compatibility } from "../domain/matching";
import { placesHeldEarlier, sameAddress, topicLabelsOf, withTopicLabels } from "../domain/matchingCandidates";
import { MatchingRun, rematchRunId } from "../domain/matchingRun";
import { mentorshipDates, nextDeadlineAt } from "../domain/mentorship";
import {
  capacityHold,
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
import { logs } from "../logs";
import { queueMail } from "../store/outbox";
import { readTopicLabels } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, type ReadCounter } from "../store/repository";
import { acceptedToMentor } from "../views/mentorshipEmails";
import { acceptedEmails, heldBackNotes, proposalEmail, refusedNotice } from "../views/pairingEmails";
import { applicantPages } from "./applicantPages";
import { cycleStart } from "./mentorship";

/** What a pairing written by hand needs before its proposal can go out. */
const HandMadePairing = z.object({
  status: z.string(),
  proposedAt: z.unknown().optional(),
  cycle: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  requiredMeetings: z.number().int().optional(),
  mentor: z.object({ applicationId: z.string().min(1) }).loose(),
  mentee: z.object({ applicationId: z.string().min(1) }).loose(),
});
const PairingStatusOnly = z.object({ status: z.string(), proposedAt: z.unknown().optional() }).loose();

/**
 * Sends the proposal of a pairing that is `proposed` without `proposedAt`,
 * including one the secretariat wrote by hand with just the two application ids.
 */
export async function proposePairing(id: string, linkKey: string, settings: ProgrammeSettings, now: Date) {
  const outcome = await inTransaction(async (tx) => {
    const current = await tx.raw("pairings", id);
    const state = PairingStatusOnly.safeParse(current);
    if (!state.success || state.data.status !== "proposed" || state.data.proposedAt) return null;
    const raw = HandMadePairing.safeParse(current);
    if (!raw.success) {
      tx.update("pairings", id, { status: "draft", reviewNote: heldBackNotes.missingIds() });
      return "held";
    }
    const mentorId = raw.data.mentor.applicationId;
    const menteeId = raw.data.mentee.applicationId;
    const labels = await readTopicLabels(tx);
    const stored = {
      mentor: await tx.read("applications", mentorId, StoredApplication),
      mentee: await tx.read("applications", menteeId, StoredApplication),
    };
    const held = await tx.query(queries.pairingsOfMentor(mentorId, capacityHoldingStatuses), z.object({}));
    // An unconfirmed application is nobody's yet (docs/design.md §4a): it is never proposed.
    if (
      !stored.mentor ||
      !stored.mentee ||
      stored.mentor.status === "unconfirmed" ||
      stored.mentee.status === "unconfirmed"
    ) {
      tx.update("pairings", id, { status: "draft", reviewNote: heldBackNotes.missingApplication() });
      return "held";
    }
    const mentorApp = withTopicLabels(stored.mentor, labels);
    const menteeApp = withTopicLabels(stored.mentee, labels);
    // A mentorship still in course from an earlier cycle holds its place too (docs/design.md §10).
    const earlier = await tx.query(
      queries.pairingsOfPartyEmail("mentor", mentorApp.person.email),
      z.object({ cycle: z.string(), status: z.string(), mentor: z.object({ email: z.string() }) }),
    );
    const cycle = raw.data.cycle ?? menteeApp.cycle ?? "";
    const heldEarlier =
      placesHeldEarlier(
        earlier.map((doc) => doc.data),
        cycle,
      ).get(sameAddress(mentorApp.person.email)) ?? 0;
    const hold = capacityHold(held.filter((doc) => doc.id !== id).length + heldEarlier, mentorApp.capacity ?? 1);
    if (hold) {
      const note = heldBackNotes.capacity(mentorApp.person.name, hold.held, hold.capacity);
      tx.update("pairings", id, { status: "draft", reviewNote: note });
      logs.proposalHeld(id, note);
      return "held";
    }
    const mentee = { ...menteeApp, id: menteeId };
    const fit = raw.data.reasons
      ? null
      : compatibility(
          mentee,
          { ...mentorApp, id: mentorId },
          { topicLabels: topicLabelsOf([menteeApp, mentorApp]), weights: settings.matchingWeights },
        );
    const pairing = Pairing.parse({
      ...current,
      cycle,
      mentor: partyFrom(mentorId, mentorApp),
      mentee: partyFrom(menteeId, menteeApp),
      ...(fit ? { score: fit.score, scoreBreakdown: fit.scoreBreakdown, reasons: fit.reasons } : {}),
      requiredMeetings: raw.data.requiredMeetings ?? settings.requiredMeetings,
      ...proposalDates(now, settings.proposalResponseDays),
    });
    const link = linkUrl(settings.publicBaseUrl, linkKey, {
      pairingId: id,
      role: "mentor",
      purpose: "proposal",
      expiresAt: linkExpiry(pairing.respondBy!),
      version: currentLinkVersion(pairing, "mentor"),
    });
    const mentorPage = applicationLink(
      { id: mentorId, linkVersion: mentorApp.linkVersion },
      linkKey,
      settings.publicBaseUrl,
      now,
    );
    await queueMail(tx, [proposalEmail(id, pairing, link, mentorPage, settings)], settings, now);
    tx.set("pairings", id, { ...pairing, reviewNote: null }, { merge: true });
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
  context: { linkKey: string; settings: ProgrammeSettings; reads?: ReadCounter },
): Promise<Answer> {
  const { linkKey, settings, reads } = context;
  const answer = await inTransaction(async (tx): Promise<Answer> => {
    const pairing = await tx.read("pairings", id, Pairing);
    if (!pairing) return { outcome: "not_found" };
    const response = action === "expire" ? expireProposal(pairing, now) : respondToProposal(pairing, action, now);
    if (response.outcome === "unchanged") return { outcome: "unchanged", status: response.status };
    const answered = { ...pairing, ...response.update };
    if (response.outcome === "accepted") {
      const dates = mentorshipDates(now, await cycleStart(tx, pairing.cycle), settings);
      const started = { ...answered, ...dates };
      const links = participantLinks({ ...pairing, id }, linkKey, settings.publicBaseUrl, now);
      const pages = await applicantPages(tx, pairing, { linkKey, publicBaseUrl: settings.publicBaseUrl, now });
      await queueMail(
        tx,
        [
          ...acceptedEmails(id, started, links.mentee, pages.mentee, settings),
          acceptedToMentor(id, started, links.mentor, pages.mentor, settings),
        ],
        settings,
        now,
      );
      tx.update("pairings", id, { ...response.update, ...dates, nextDeadlineAt: nextDeadlineAt(started, settings) });
      for (const party of [pairing.mentee, pairing.mentor]) {
        tx.update("applications", party.applicationId, { status: "matched", updatedAt: now });
      }
      return { outcome: "accepted" };
    }
    // Declined or expired: find the best mentor still possible by solving the
    // cycle again, with every pending and accepted pairing kept as it is.
    const runId = rematchRunId(id);
    const runExists = await tx.exists("matchingRuns", runId);
    await queueMail(tx, [refusedNotice(id, answered, response.outcome, settings)], settings, now);
    tx.update("pairings", id, response.update);
    if (!runExists) {
      const run: MatchingRun = {
        cycle: pairing.cycle,
        status: "requested",
        reason: response.outcome === "declined" ? "decline" : "expiry",
        pairingId: id,
        waitlistMentee: pairing.mentee.applicationId,
        attempts: 0,
      };
      tx.create("matchingRuns", runId, { ...run, createdAt: now });
    }
    return { outcome: response.outcome };
  }, reads);
  logs.proposalAnswered(id, answer.outcome);
  return answer;
}
