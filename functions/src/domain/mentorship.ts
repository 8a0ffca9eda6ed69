/**
 * The year of a mentorship (docs/design.md §6): dates, meeting counts, extensions,
 * closing, and every deadline the daily job enforces. Pure: takes `now`.
 */
import { z } from "zod";
import { optionalText, requiredText, ticked, wholeNumber } from "./fields";
import { closedStatuses, inCourseStatuses, type Pairing, type PairingStatus, type Role } from "./pairing";
import type { ProgrammeSettings } from "./programme";
import { addDays, addMonths, isCalendarDay, isoDay, localDay } from "./time";
import { onDate } from "./catalan";
import { CheckInAnswer, nextCheckIn, sendDueCheckIns } from "./checkIns";

export type { Role } from "./pairing";

/** `startsAt` is the cycle's start or the acceptance, whichever is later. */
export function mentorshipDates(acceptedAt: Date, cycleStartsAt: Date | null, settings: ProgrammeSettings) {
  const startsAt = cycleStartsAt && cycleStartsAt > acceptedAt ? cycleStartsAt : acceptedAt;
  return { startsAt, endsAt: addMonths(startsAt, settings.maxDurationMonths, settings.timezone) };
}

export const deadlineKinds = [
  "respond",
  "firstMeeting",
  "checkIn",
  "fewMeetings",
  "end",
  "documentation",
  "documentationOverdue",
] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

const inCourse = inCourseStatuses;
const closed = closedStatuses;

/** Every deadline still ahead of this pairing (not yet enforced), earliest first. */
export function pendingDeadlines(p: Pairing, settings: ProgrammeSettings): { kind: DeadlineKind; at: Date }[] {
  const tz = settings.timezone;
  const required = p.requiredMeetings ?? settings.requiredMeetings;
  const list: { kind: DeadlineKind; at: Date }[] = [];
  if (p.status === "proposed" && p.respondBy) list.push({ kind: "respond", at: p.respondBy });
  if (inCourse.includes(p.status) && p.startsAt && p.endsAt) {
    if (p.meetingCount === 0 && !p.reminders.firstMeeting) {
      list.push({ kind: "firstMeeting", at: addDays(p.startsAt, 7 * settings.firstMeetingReminderWeeks, tz) });
    }
    if (p.meetingCount < required && !p.reminders.fewMeetings) {
      list.push({ kind: "fewMeetings", at: addMonths(p.endsAt, -settings.fewMeetingsReminderMonths, tz) });
    }
    const checkIn = nextCheckIn(p, settings.checkInMonths, tz);
    if (checkIn) list.push({ kind: "checkIn", at: checkIn.at });
    list.push({ kind: "end", at: p.endsAt });
  }
  if (closed.includes(p.status) && p.closedAt && !p.documentation) {
    const weeks = settings.documentationReminderWeeks;
    if (!p.reminders.documentation) list.push({ kind: "documentation", at: addDays(p.closedAt, 7 * weeks, tz) });
    else if (!p.reminders.documentationOverdue) {
      list.push({ kind: "documentationOverdue", at: addDays(p.closedAt, 14 * weeks, tz) });
    }
  }
  return list.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** What `nextDeadlineAt` must hold: the job reads only pairings whose value has passed. */
export function nextDeadlineAt(p: Pairing, settings: ProgrammeSettings): Date | null {
  return pendingDeadlines(p, settings)[0]?.at ?? null;
}

export function dueDeadlines(p: Pairing, settings: ProgrammeSettings, now: Date): DeadlineKind[] {
  return pendingDeadlines(p, settings)
    .filter((d) => d.at <= now)
    .map((d) => d.kind);
}

/**
 * Applies the due deadlines other than `respond` (the proposal's expiry has
 * its own transition). Returns the updated pairing and what was done.
 */
export function enforceDeadlines(p: Pairing, settings: ProgrammeSettings, now: Date) {
  const done: DeadlineKind[] = [];
  let next: Pairing = { ...p, reminders: { ...p.reminders } };
  // Enforcing one deadline can reveal another (closing reveals documentation), so loop.
  for (;;) {
    const due = dueDeadlines(next, settings, now).filter((kind) => kind !== "respond" && !done.includes(kind));
    const kind = due[0];
    if (!kind) break;
    done.push(kind);
    if (kind === "end") next = { ...next, ...closeMentorship(next, settings, now) };
    else if (kind === "checkIn") {
      next = { ...next, checkIns: sendDueCheckIns(next, settings.checkInMonths, settings.timezone, now).checkIns };
      // Past the end, the question is moot: marked, not asked.
      if (next.endsAt && next.endsAt <= now) done.pop();
    } else next = { ...next, reminders: { ...next.reminders, [kind]: now } };
  }
  return { pairing: { ...next, nextDeadlineAt: nextDeadlineAt(next, settings) }, done };
}

export function closeMentorship(p: Pairing, settings: ProgrammeSettings, now: Date) {
  const required = p.requiredMeetings ?? settings.requiredMeetings;
  return { status: (p.meetingCount >= required ? "completed" : "incomplete") as PairingStatus, closedAt: now };
}

/**
 * The meeting fields a pairing must show for its sessions. The first meeting
 * makes an accepted pairing active; reaching the requirement is recorded.
 */
export function meetingState(p: Pairing, sessionDates: readonly Date[], settings: ProgrammeSettings, now: Date) {
  const meetingCount = sessionDates.length;
  const lastMeetingAt = sessionDates.reduce<Date | null>((last, d) => (!last || d > last ? d : last), null);
  const required = p.requiredMeetings ?? settings.requiredMeetings;
  const status: PairingStatus =
    p.status === "accepted" && meetingCount > 0
      ? "active"
      : p.status === "active" && meetingCount === 0
        ? "accepted"
        : p.status;
  const requirementsMetAt = meetingCount >= required ? (p.requirementsMetAt ?? now) : null;
  const updated = { ...p, meetingCount, lastMeetingAt, status, requirementsMetAt };
  return { meetingCount, lastMeetingAt, status, requirementsMetAt, nextDeadlineAt: nextDeadlineAt(updated, settings) };
}

export type ExtensionResult =
  | { ok: true; applied: boolean; extension: NonNullable<Pairing["extension"]>; endsAt: Date }
  | { ok: false; message: string };

/** An extension takes effect only when both parties agreed the same new end date. */
export function agreeExtension(p: Pairing, role: Role, proposedEndsAt: Date, now: Date): ExtensionResult {
  if (!inCourse.includes(p.status) || !p.endsAt) {
    return { ok: false, message: "Només es pot ampliar una mentoria en curs." };
  }
  if (proposedEndsAt <= p.endsAt) {
    return { ok: false, message: "La nova data ha de ser posterior a la data de finalització actual." };
  }
  const agreedField = role === "mentor" ? "mentorAgreedAt" : "menteeAgreedAt";
  const otherField = role === "mentor" ? "menteeAgreedAt" : "mentorAgreedAt";
  const current = p.extension;
  if (
    current &&
    !current.agreedAt &&
    current.proposedEndsAt.getTime() === proposedEndsAt.getTime() &&
    current[otherField]
  ) {
    const extension = { ...current, [agreedField]: now, agreedAt: now };
    return { ok: true, applied: true, extension, endsAt: proposedEndsAt };
  }
  const extension = { proposedEndsAt, proposedBy: role, [agreedField]: now, [otherField]: null, agreedAt: null };
  return { ok: true, applied: false, extension, endsAt: p.endsAt };
}

/**
 * A calendar day as a date picker sends it (2026-11-20), or as a person types it
 * where the browser has no picker (20/11/2026); either way it leaves as yyyy-mm-dd.
 */
const isoDate = z
  .string()
  .trim()
  .transform((text) => {
    const typed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    return typed ? `${typed[3]}-${typed[2]!.padStart(2, "0")}-${typed[1]!.padStart(2, "0")}` : text;
  })
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Escriu la data com a dia/mes/any, per exemple 20/11/2026.", abort: true })
      .refine(isCalendarDay, { error: "Aquesta data no existeix al calendari." }),
  );

/** What participants send from their page, with the Catalan message of each field. */
export function participantForms(settings: ProgrammeSettings) {
  return {
    meeting: z.object({
      action: z.literal("meeting"),
      date: isoDate,
      mode: z.enum(settings.meetingModes as [string, ...string[]], { error: "Tria la modalitat de la trobada." }),
      durationMinutes: wholeNumber(15, 600, "Indica la durada en minuts (de 15 a 600)."),
      notes: optionalText(2000),
    }),
    extension: z.object({ action: z.literal("extension"), endsOn: isoDate }),
    incident: z
      .object({
        action: z.literal("incident"),
        kind: z.enum(["incident", "agreedEnd"], { error: "Tria què vols comunicar." }),
        text: requiredText(3000, "Explica-ho breument."),
        /** The end date both agreed: the secretariat confirms it (docs/design.md §10). */
        endsOn: z.union([z.literal(""), isoDate]).optional(),
      })
      .superRefine((input, context) => {
        if (input.kind === "agreedEnd" && !input.endsOn) {
          context.addIssue({
            code: "custom",
            path: ["endsOn"],
            message: "Escriu la data de finalització que heu acordat.",
          });
        }
      }),
    agreement: z.object({
      action: z.literal("agreement"),
      objectives: requiredText(3000, "Escriu els objectius que us proposeu."),
      rhythm: requiredText(1000, "Explica com i cada quant us trobareu."),
      plannedEndOn: isoDate,
    }),
    /** An answer to a check-in (docs/design.md §17), from its one-button page or the page's own question. */
    checkIn: z.object({
      action: z.literal("checkIn"),
      month: z.coerce.number({ error: "Falta la pregunta de seguiment." }).int().min(1).max(24),
      answer: CheckInAnswer,
    }),
    documentation: z.object({
      action: z.literal("documentation"),
      objectives: requiredText(3000, "Explica els objectius de la mentoria."),
      activities: requiredText(3000, "Explica les activitats que heu fet."),
      results: requiredText(3000, "Explica els resultats."),
      learnings: requiredText(3000, "Explica què n'heu après."),
      links: optionalText(2000),
      nameAuthors: ticked,
    }),
    assessment: z.object({
      action: z.literal("assessment"),
      score: wholeNumber(1, 5, "Tria una valoració de l'1 al 5."),
      comments: optionalText(2000),
    }),
  };
}
export type ParticipantAction = keyof ReturnType<typeof participantForms>;

/** Documentation and assessment open this long before the planned end. */
export const closingWindowDays = 60;

/**
 * What a participant may do on their page, in the pairing's state and at
 * `now`. The page shows exactly these forms and the server refuses the rest.
 */
export function allowedActions(p: Pairing, role: Role, now: Date): ReadonlySet<ParticipantAction> {
  const actions = new Set<ParticipantAction>();
  const running = inCourse.includes(p.status);
  if (running) actions.add("meeting").add("extension").add("agreement").add("checkIn");
  if (running || closed.includes(p.status)) actions.add("incident");
  const closing =
    closed.includes(p.status) ||
    (running && p.endsAt != null && p.endsAt.getTime() - now.getTime() < closingWindowDays * 24 * 60 * 60_000);
  if (closing) {
    actions.add("assessment");
    if (role === "mentee") actions.add("documentation");
  }
  return actions;
}

/** The agreement's planned end (docs/design.md §17): from today to the mentorship's end date, the cap. */
export function checkPlannedEnd(p: Pairing, plannedEnd: Date, now: Date, timeZone: string): string | null {
  if (plannedEnd < localDay(isoDay(now, timeZone), timeZone)) return "La data prevista no pot ser passada.";
  if (p.endsAt && plannedEnd > p.endsAt) {
    return `La mentoria acaba com a molt tard ${onDate(p.endsAt, timeZone)}; per anar més enllà, amplieu-la.`;
  }
  return null;
}

/** The same report sent twice (a double click) is one incident. */
export const incidentId = (pairingId: string, contentHash: string) => `${pairingId}-${contentHash}`;

/** A meeting is kept once per pairing and day, whoever logs it first. */
export const sessionId = (pairingId: string, isoDate: string) => `${pairingId}-${isoDate}`;

/** A meeting may not be in the future, nor before the pairing was accepted. */
export function checkMeetingDate(p: Pairing, date: Date, now: Date): string | null {
  if (date > now) return "La data de la trobada no pot ser futura.";
  const earliest = p.acceptedAt ?? p.startsAt;
  if (earliest && date.getTime() < earliest.getTime() - 24 * 60 * 60_000) {
    return "La data no pot ser anterior a l'inici de la mentoria.";
  }
  return null;
}

/**
 * What a participant's action did, or why it was refused, as codes: the page
 * says them in Catalan (views/mentorshipPage.ts). A refused form field keeps
 * the domain's own message (the date and extension rules above).
 */
export type ActionOutcome =
  | {
      ok: true;
      done:
        | "meetingLogged"
        | "meetingAlreadyLogged"
        | "extensionProposed"
        | "incidentSent"
        | "documentationReceived"
        | "assessmentReceived"
        | "agreementSaved";
    }
  | { ok: true; done: "extensionAgreed"; endsAt: Date }
  | { ok: true; done: "checkInAnswered"; answer: CheckInAnswer }
  | { ok: false; refused: "notAllowed"; action: ParticipantAction }
  | { ok: false; refused: "documentationPublished" }
  | { ok: false; refused: "invalid"; field: string; message: string };
