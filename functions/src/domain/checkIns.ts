/**
 * Check-ins (docs/design.md §17): some months after a mentorship starts, each
 * participant is asked how it goes, with three answers, so a pair that stalls
 * reaches the secretariat months before it would close incomplete. Pure.
 */
import { z } from "zod";
import { counted, ofWord } from "./catalan";
import { addMonths, isoDay } from "./time";

/** How long after the start, as people say it: "dos mesos". */
export const monthsSinceStart = (month: number) => counted(month, "mes", "mesos", "masculine");

/** The check-in as people name it: "la pregunta de seguiment al cap de dos mesos". */
export const checkInName = (month: number) => `la pregunta de seguiment al cap ${ofWord(monthsSinceStart(month))}`;

export const checkInAnswers = ["met", "notYet", "help"] as const;
export const CheckInAnswer = z.enum(checkInAnswers, { error: "Tria una de les tres respostes." });
export type CheckInAnswer = z.infer<typeof CheckInAnswer>;

const Answer = z.object({ answer: CheckInAnswer, at: z.date() });

/** One check-in: when it was sent and what each participant answered. Keyed by the month, as text. */
export const CheckIn = z.object({
  sentAt: z.date(),
  answers: z.object({ mentor: Answer.optional(), mentee: Answer.optional() }).default({}),
});
export type CheckIn = z.infer<typeof CheckIn>;
export const CheckIns = z.record(z.string(), CheckIn);
export type CheckIns = z.infer<typeof CheckIns>;

interface Dated {
  startsAt?: Date | null | undefined;
  endsAt?: Date | null | undefined;
  checkIns?: CheckIns | undefined;
}

/** Each configured month's check-in date, earliest first; only those before the end are sent. */
function schedule(p: Dated, months: readonly number[], timeZone: string): { month: number; at: Date }[] {
  if (!p.startsAt || !p.endsAt) return [];
  return [...new Set(months)]
    .sort((a, b) => a - b)
    .map((month) => ({ month, at: addMonths(p.startsAt!, month, timeZone) }))
    .filter(({ at }) => at < p.endsAt!);
}

/** The next check-in not yet sent, if any falls before the end. */
export function nextCheckIn(p: Dated, months: readonly number[], timeZone: string) {
  return schedule(p, months, timeZone).find(({ month }) => !p.checkIns?.[String(month)]) ?? null;
}

/**
 * Marks every check-in due by `now` as sent and names the one to email: the
 * latest (after a pause of the job, a pair gets one question, not two).
 */
export function sendDueCheckIns(p: Dated, months: readonly number[], timeZone: string, now: Date) {
  const due = schedule(p, months, timeZone).filter(({ month, at }) => at <= now && !p.checkIns?.[String(month)]);
  const checkIns: CheckIns = { ...p.checkIns };
  for (const { month } of due) checkIns[String(month)] = { sentAt: now, answers: {} };
  return { checkIns, month: due.at(-1)?.month ?? null };
}

/** The check-in sent last, with its month. */
export function latestCheckIn(checkIns: CheckIns | undefined): { month: number; checkIn: CheckIn } | null {
  const months = Object.keys(checkIns ?? {})
    .map(Number)
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
  const month = months.at(-1);
  return month === undefined ? null : { month, checkIn: checkIns![String(month)]! };
}

export type AnswerDecision = { ok: true; checkIns: CheckIns; changed: boolean } | { ok: false; message: string };

/** A participant's answer; they may change it, and the same answer twice changes nothing. */
export function answerCheckIn(
  checkIns: CheckIns | undefined,
  role: "mentor" | "mentee",
  month: number,
  answer: CheckInAnswer,
  now: Date,
): AnswerDecision {
  const checkIn = checkIns?.[String(month)];
  if (!checkIn) return { ok: false, message: "Aquesta pregunta de seguiment no s'ha enviat a aquesta mentoria." };
  if (checkIn.answers[role]?.answer === answer) return { ok: true, checkIns: checkIns!, changed: false };
  return {
    ok: true,
    changed: true,
    checkIns: {
      ...checkIns,
      [String(month)]: { ...checkIn, answers: { ...checkIn.answers, [role]: { answer, at: now } } },
    },
  };
}

export type Stall = { month: number; why: "help"; role: "mentor" | "mentee" } | { month: number; why: "notYet" };

/**
 * Whether the last check-in says the pair needs a person: someone asked for
 * help, or both said they have not met yet — until a meeting is logged after it.
 */
export function stalledCheckIn(
  p: { checkIns?: CheckIns | undefined; lastMeetingAt?: Date | null | undefined },
  timeZone: string,
): Stall | null {
  const latest = latestCheckIn(p.checkIns);
  if (!latest) return null;
  const { mentor, mentee } = latest.checkIn.answers;
  // A meeting is a calendar day: one dated the day of the answer counts as after it.
  const metSince = (at: Date) => !!p.lastMeetingAt && isoDay(p.lastMeetingAt, timeZone) >= isoDay(at, timeZone);
  const helpFrom = (
    [
      ["mentee", mentee],
      ["mentor", mentor],
    ] as const
  ).find(([, a]) => a?.answer === "help");
  if (helpFrom && !metSince(helpFrom[1]!.at)) return { month: latest.month, why: "help", role: helpFrom[0] };
  if (mentor?.answer === "notYet" && mentee?.answer === "notYet") {
    const last = mentor.at > mentee.at ? mentor.at : mentee.at;
    if (!metSince(last)) return { month: latest.month, why: "notYet" };
  }
  return null;
}
