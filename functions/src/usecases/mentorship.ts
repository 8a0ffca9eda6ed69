/**
 * The mentorship year's use cases: recounting meetings, keeping
 * `nextDeadlineAt` true, enforcing deadlines, and what participants do from
 * their page. Every change is one transaction; every email an outbox document.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { isPublished } from "../domain/materials";
import { participantLinks } from "../domain/links";
import {
  agreeExtension,
  allowedActions,
  checkPlannedEnd,
  checkMeetingDate,
  enforceDeadlines,
  incidentId,
  mentorshipDates,
  meetingState,
  nextDeadlineAt,
  sessionId,
  type ActionOutcome,
  type ParticipantAction,
  type Role,
} from "../domain/mentorship";
import { answerCheckIn as decideCheckInAnswer, checkInName, type CheckInAnswer } from "../domain/checkIns";
import { inCourseStatuses, Pairing } from "../domain/pairing";
import { Cycle, type ProgrammeSettings } from "../domain/programme";
import { localDay } from "../domain/time";
import { queueMail } from "../store/outbox";
import { applicantPages } from "./applicantPages";
import { queries } from "../store/queries";
import { inTransaction, store, type ReadCounter, type Tx } from "../store/repository";
import { checkInAnswerLabels } from "../views/labels";
import { deadlineEmails, extensionAgreedEmails, incidentNotice } from "../views/mentorshipEmails";

const SessionDate = z.object({ date: z.date() });
const SessionRow = z.object({ date: z.date(), mode: z.string(), durationMinutes: z.coerce.number() });
const MaterialStatus = z.object({ status: z.unknown().optional() });

/** The dates an accepted pairing gets: from the cycle's start or the acceptance. */
export async function cycleStart(tx: Tx, cycle: string): Promise<Date | null> {
  return (await tx.read("cycles", cycle, Cycle))?.startsAt ?? null;
}

/** The meeting fields the pairing's sessions make, read in the caller's transaction. */
async function meetingsHeld(tx: Tx, id: string, pairing: Pairing, settings: ProgrammeSettings, now: Date) {
  const held = await tx.query(queries.sessionsOfPairing(id), SessionDate);
  return meetingState(
    pairing,
    held.map((s) => s.data.date),
    settings,
    now,
  );
}

/** The meeting fields a recount changes on the stored pairing: none when the count already holds. */
function meetingChanges(stored: Pairing, counted: Awaited<ReturnType<typeof meetingsHeld>>) {
  const unchanged =
    counted.meetingCount === stored.meetingCount &&
    counted.status === stored.status &&
    counted.lastMeetingAt?.getTime() === stored.lastMeetingAt?.getTime() &&
    Boolean(counted.requirementsMetAt) === Boolean(stored.requirementsMetAt);
  if (unchanged) return {};
  const { meetingCount, lastMeetingAt, status, requirementsMetAt } = counted;
  return { meetingCount, lastMeetingAt, status, requirementsMetAt };
}

/** Makes `meetingCount` and `lastMeetingAt` equal the pairing's sessions: a recount, so repeats and races are harmless. */
export async function recountMeetings(pairingId: string, settings: ProgrammeSettings, now: Date): Promise<void> {
  await inTransaction(async (tx) => {
    const pairing = await tx.read("pairings", pairingId, Pairing);
    if (!pairing) return;
    const state = await meetingsHeld(tx, pairingId, pairing, settings, now);
    const unchanged =
      Object.keys(meetingChanges(pairing, state)).length === 0 &&
      state.nextDeadlineAt?.getTime() === pairing.nextDeadlineAt?.getTime();
    if (!unchanged) tx.update("pairings", pairingId, state);
  });
}

/**
 * Keeps a pairing's derived fields true after any write, also the
 * secretariat's hand edits: dates of an accepted pairing, and `nextDeadlineAt`.
 */
export async function syncPairing(pairingId: string, settings: ProgrammeSettings, now: Date): Promise<void> {
  await inTransaction(async (tx) => {
    let pairing = await tx.read("pairings", pairingId, Pairing);
    if (!pairing) return;
    const update: Record<string, unknown> = {};
    if (inCourseStatuses.includes(pairing.status) && !pairing.startsAt) {
      const dates = mentorshipDates(pairing.acceptedAt ?? now, await cycleStart(tx, pairing.cycle), settings);
      Object.assign(update, dates);
      pairing = { ...pairing, ...dates };
    }
    const next = nextDeadlineAt(pairing, settings);
    if ((next?.getTime() ?? null) !== (pairing.nextDeadlineAt?.getTime() ?? null)) update.nextDeadlineAt = next;
    if (Object.keys(update).length > 0) tx.update("pairings", pairingId, update);
  });
}

/** Enforces a pairing's due deadlines (not the proposal's expiry) and queues their emails once. */
export async function enforcePairingDeadlines(
  id: string,
  now: Date,
  linkKey: string,
  settings: ProgrammeSettings,
  reads: ReadCounter,
) {
  return inTransaction(async (tx) => {
    const stored = await tx.read("pairings", id, Pairing);
    if (!stored) return [];
    // Deadlines decide on the meetings held: counted here, so a session whose event was
    // lost, or one typed in the console, counts before any reminder or closing.
    const recount = meetingChanges(stored, await meetingsHeld(tx, id, stored, settings, now));
    const before = { ...stored, ...recount };
    const { pairing, done } = enforceDeadlines(before, settings, now);
    if (done.length === 0) {
      if (Object.keys(recount).length > 0 || pairing.nextDeadlineAt?.getTime() !== stored.nextDeadlineAt?.getTime()) {
        tx.update("pairings", id, { ...recount, nextDeadlineAt: pairing.nextDeadlineAt });
      }
      return done;
    }
    const links = participantLinks({ ...before, id }, linkKey, settings.publicBaseUrl, now);
    const pages = await applicantPages(tx, pairing, { linkKey, publicBaseUrl: settings.publicBaseUrl, now });
    const drafts = done.flatMap((kind) => deadlineEmails(id, kind, pairing, links, pages, settings));
    await queueMail(tx, drafts, settings, now);
    tx.update("pairings", id, {
      ...recount,
      status: pairing.status,
      closedAt: pairing.closedAt ?? null,
      reminders: pairing.reminders,
      checkIns: pairing.checkIns,
      nextDeadlineAt: pairing.nextDeadlineAt,
    });
    return done;
  }, reads);
}

/** A participant's page: the pairing and its meetings, oldest first. */
export async function readMentorship(id: string) {
  const pairing = await store.read("pairings", id, Pairing);
  if (!pairing) return null;
  const sessions = (await store.query(queries.sessionsOfPairing(id), SessionRow))
    .map((s) => s.data)
    .sort((a, b) => a.date.getTime() - b.date.getTime());
  return { pairing, sessions };
}

/**
 * Runs a participant's action in one transaction: the pairing is read and an
 * action its state or the date does not allow is refused (the same
 * `allowedActions` the page asks), then `body` decides and writes.
 */
function participantAction(
  id: string,
  role: Role,
  action: ParticipantAction,
  now: Date,
  body: (tx: Tx, pairing: Pairing) => Promise<ActionOutcome>,
): Promise<ActionOutcome> {
  return inTransaction(async (tx) => {
    const pairing = await tx.read("pairings", id, Pairing);
    if (!pairing || !allowedActions(pairing, role, now).has(action))
      return { ok: false, refused: "notAllowed", action };
    return body(tx, pairing);
  });
}

export type MeetingInput = { date: string; mode: string; durationMinutes: number; notes: string };

/** A meeting logged from the page. One per pairing and day, whoever logs it first. */
export async function logMeeting(
  id: string,
  role: Role,
  input: MeetingInput,
  settings: ProgrammeSettings,
  now: Date,
): Promise<ActionOutcome> {
  const date = localDay(input.date, settings.timezone);
  return participantAction(id, role, "meeting", now, async (tx, pairing) => {
    const problem = checkMeetingDate(pairing, date, now);
    if (problem) return { ok: false, refused: "invalid", field: "date", message: problem };
    const sessionKey = sessionId(id, input.date);
    if (await tx.exists("sessions", sessionKey)) return { ok: true, done: "meetingAlreadyLogged" };
    tx.create("sessions", sessionKey, {
      pairingId: id,
      cycle: pairing.cycle,
      date,
      mode: input.mode,
      durationMinutes: input.durationMinutes,
      notes: input.notes,
      recordedBy: role,
      createdAt: now,
    });
    return { ok: true, done: "meetingLogged" };
  });
}

export async function proposeExtension(
  id: string,
  role: Role,
  endsOn: string,
  settings: ProgrammeSettings,
  now: Date,
): Promise<ActionOutcome> {
  return participantAction(id, role, "extension", now, async (tx, pairing) => {
    const result = agreeExtension(pairing, role, localDay(endsOn, settings.timezone), now);
    if (!result.ok) return { ok: false, refused: "invalid", field: "endsOn", message: result.message };
    const updated = { ...pairing, extension: result.extension, endsAt: result.endsAt };
    if (result.applied) {
      await queueMail(tx, extensionAgreedEmails(id, updated, endsOn, settings), settings, now);
    }
    tx.update("pairings", id, {
      extension: result.extension,
      endsAt: result.endsAt,
      nextDeadlineAt: nextDeadlineAt(updated, settings),
    });
    return result.applied
      ? { ok: true, done: "extensionAgreed", endsAt: result.endsAt }
      : { ok: true, done: "extensionProposed" };
  });
}

const contentHash = (...parts: string[]) => createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 16);

export type IncidentInput = { kind: "incident" | "agreedEnd"; text: string; endsOn: string };

export async function reportIncident(
  id: string,
  role: Role,
  input: IncidentInput,
  settings: ProgrammeSettings,
  now: Date,
): Promise<ActionOutcome> {
  const { kind, text } = input;
  // Only an agreed end carries a date: the secretariat confirms it by setting `status: "confirmed"`.
  const proposedEndsAt = kind === "agreedEnd" && input.endsOn ? localDay(input.endsOn, settings.timezone) : null;
  const reportId = incidentId(id, contentHash(role, kind, text, input.endsOn));
  return participantAction(id, role, "incident", now, async (tx, pairing) => {
    await openIncident(tx, { reportId, pairingId: id, pairing, role }, { kind, text, proposedEndsAt }, settings, now);
    return { ok: true, done: "incidentSent" };
  });
}

/** An incident for the secretariat and its notice, once per `reportId`, in the caller's transaction. */
async function openIncident(
  tx: Tx,
  about: { reportId: string; pairingId: string; pairing: Pairing; role: Role },
  report: { kind: "incident" | "agreedEnd"; text: string; proposedEndsAt: Date | null },
  settings: ProgrammeSettings,
  now: Date,
): Promise<void> {
  const { reportId, pairingId, pairing, role } = about;
  const exists = await tx.exists("incidents", reportId);
  await queueMail(tx, [incidentNotice(reportId, pairingId, pairing, role, report, settings)], settings, now);
  if (exists) return;
  tx.create("incidents", reportId, {
    pairingId,
    cycle: pairing.cycle,
    reportedBy: role,
    kind: report.kind,
    text: report.text,
    ...(report.proposedEndsAt ? { proposedEndsAt: report.proposedEndsAt } : {}),
    status: "open",
    createdAt: now,
  });
}

export type CheckInInput = { month: number; answer: CheckInAnswer };

/**
 * A participant's answer to a check-in (docs/design.md §17); «Necessitem ajuda»
 * opens an incident for the secretariat in the same transaction.
 */
export async function answerCheckIn(
  id: string,
  role: Role,
  input: CheckInInput,
  settings: ProgrammeSettings,
  now: Date,
): Promise<ActionOutcome> {
  return participantAction(id, role, "checkIn", now, async (tx, pairing) => {
    const decided = decideCheckInAnswer(pairing.checkIns, role, input.month, input.answer, now);
    if (!decided.ok) return { ok: false, refused: "invalid", field: "answer", message: decided.message };
    if (input.answer === "help") {
      const reportId = incidentId(id, contentHash(role, "checkIn", String(input.month)));
      const text = `Ha respost «${checkInAnswerLabels.help}» a ${checkInName(input.month)}. Poseu-vos-hi en contacte.`;
      await openIncident(
        tx,
        { reportId, pairingId: id, pairing, role },
        { kind: "incident", text, proposedEndsAt: null },
        settings,
        now,
      );
    }
    // Written last: a transaction reads everything before its first write.
    if (decided.changed) tx.update("pairings", id, { checkIns: decided.checkIns });
    return { ok: true, done: "checkInAnswered", answer: input.answer };
  });
}

export type DocumentationInput = {
  objectives: string;
  activities: string;
  results: string;
  learnings: string;
  links: string;
  /** Whether the published fitxa may name its author. */
  nameAuthors: boolean;
};

export async function submitDocumentation(
  id: string,
  role: Role,
  fields: DocumentationInput,
  now: Date,
): Promise<ActionOutcome> {
  const { nameAuthors, ...documentation } = fields;
  return participantAction(id, role, "documentation", now, async (tx, pairing) => {
    const materialId = `mentorship-${id}`;
    const material = await tx.read("materials", materialId, MaterialStatus);
    if (material && isPublished(material.status)) return { ok: false, refused: "documentationPublished" };
    tx.set("materials", materialId, {
      kind: "mentorship",
      pairingId: id,
      cycle: pairing.cycle,
      municipalities: [pairing.mentor.municipality.name, pairing.mentee.municipality.name],
      topics: pairing.mentee.topicLabels ?? [],
      topicIds: pairing.mentee.topics ?? [],
      ...documentation,
      // The fitxa is the mentee's: their name is shown only if they said so (docs/design.md §12).
      authors: nameAuthors ? [pairing.mentee.name] : [],
      status: "draft",
      submittedAt: now,
    });
    tx.update("pairings", id, { documentation: { submittedAt: now, materialId } });
    return { ok: true, done: "documentationReceived" };
  });
}

export type AgreementInput = { objectives: string; rhythm: string; plannedEndOn: string };

/** The «acord de mentoria» (docs/design.md §17), by either participant; the last one saved is what both see. */
export async function saveAgreement(
  id: string,
  role: Role,
  input: AgreementInput,
  settings: ProgrammeSettings,
  now: Date,
): Promise<ActionOutcome> {
  return participantAction(id, role, "agreement", now, async (tx, pairing) => {
    const plannedEndOn = localDay(input.plannedEndOn, settings.timezone);
    const refused = checkPlannedEnd(pairing, plannedEndOn, now, settings.timezone);
    if (refused) return { ok: false, refused: "invalid", field: "plannedEndOn", message: refused };
    const agreement = { objectives: input.objectives, rhythm: input.rhythm, plannedEndOn, by: role, at: now };
    tx.update("pairings", id, { agreement });
    return { ok: true, done: "agreementSaved" };
  });
}

export async function submitAssessment(
  id: string,
  role: Role,
  score: number,
  comments: string,
  now: Date,
): Promise<ActionOutcome> {
  return participantAction(id, role, "assessment", now, async (tx) => {
    tx.update("pairings", id, { [`assessments.${role}`]: { score, comments, submittedAt: now } });
    return { ok: true, done: "assessmentReceived" };
  });
}
