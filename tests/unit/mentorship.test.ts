import { describe, expect, it } from "vitest";
import {
  agreeExtension,
  checkMeetingDate,
  dueDeadlines,
  enforceDeadlines,
  meetingState,
  mentorshipDates,
  nextDeadlineAt,
  participantForms,
} from "../../functions/src/domain/mentorship.ts";
import {
  answerCheckIn,
  latestCheckIn,
  nextCheckIn,
  sendDueCheckIns,
  stalledCheckIn,
} from "../../functions/src/domain/checkIns.ts";
import { Pairing } from "../../functions/src/domain/pairing.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { addDays, addMonths, isoDay, localDay } from "../../functions/src/domain/time.ts";

const tz = "Europe/Madrid";
const programmeSettings = ProgrammeSettings.parse({
  secretariatEmail: "s@x.example",
  senderEmail: "x@x.example",
  publicBaseUrl: "https://x.example",
});
const settings = programmeSettings;
const acceptedAt = new Date("2026-10-20T09:00:00Z");
const startsAt = new Date("2026-11-02T08:00:00Z");
const endsAt = addMonths(startsAt, 12, tz);
const accepted = Pairing.parse({
  cycle: "2026",
  mentor: { applicationId: "r", name: "Marta", email: "r@x.example", municipality: { id: "a", name: "Sabadell" } },
  mentee: { applicationId: "e", name: "Laia", email: "e@x.example", municipality: { id: "b", name: "Olot" } },
  status: "accepted",
  acceptedAt,
  startsAt,
  endsAt,
  requiredMeetings: 2,
});

describe("time in Europe/Madrid", () => {
  it("adds months keeping the local time across daylight-saving changes and month ends", () => {
    expect(addMonths(new Date("2026-03-15T08:00:00Z"), 1, tz).toISOString()).toBe("2026-04-15T07:00:00.000Z");
    expect(addMonths(new Date("2026-01-31T09:00:00Z"), 1, tz).toISOString()).toBe("2026-02-28T09:00:00.000Z");
    expect(addMonths(new Date("2026-04-15T07:00:00Z"), -1, tz).toISOString()).toBe("2026-03-15T08:00:00.000Z");
    expect(addDays(new Date("2026-10-24T22:30:00Z"), 1, tz).toISOString()).toBe("2026-10-25T23:30:00.000Z");
  });
  it("reads and writes calendar days in local time", () => {
    expect(localDay("2026-03-29", tz).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(localDay("2026-07-01", tz).toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(isoDay(new Date("2026-03-28T23:30:00Z"), tz)).toBe("2026-03-29");
  });
});

describe("mentorship dates", () => {
  it("start at the cycle's start or the acceptance, whichever is later, and last maxDurationMonths", () => {
    expect(mentorshipDates(acceptedAt, startsAt, settings)).toEqual({ startsAt, endsAt });
    const late = new Date("2026-12-01T10:00:00Z");
    expect(mentorshipDates(late, startsAt, settings).startsAt).toEqual(late);
    expect(mentorshipDates(late, null, { ...settings, maxDurationMonths: 6 }).endsAt.toISOString()).toBe(
      "2027-06-01T09:00:00.000Z",
    );
  });
});

describe("deadlines", () => {
  // The check-ins have their own tests below.
  const settings = { ...programmeSettings, checkInMonths: [] };
  const firstMeeting = addDays(startsAt, 42, tz);
  const fewMeetings = addMonths(endsAt, -3, tz);
  it("point nextDeadlineAt at the earliest pending one, in each state", () => {
    expect(nextDeadlineAt(accepted, settings)).toEqual(firstMeeting);
    expect(nextDeadlineAt({ ...accepted, reminders: { firstMeeting: firstMeeting } }, settings)).toEqual(fewMeetings);
    expect(nextDeadlineAt({ ...accepted, status: "active", meetingCount: 2 }, settings)).toEqual(endsAt);
    expect(nextDeadlineAt({ ...accepted, status: "proposed", respondBy: acceptedAt }, settings)).toEqual(acceptedAt);
    expect(nextDeadlineAt({ ...accepted, status: "cancelled" }, settings)).toBeNull();
    const closedAt = endsAt;
    const closed = { ...accepted, status: "completed" as const, closedAt };
    expect(nextDeadlineAt(closed, settings)).toEqual(addDays(closedAt, 28, tz));
    expect(nextDeadlineAt({ ...closed, reminders: { documentation: closedAt } }, settings)).toEqual(
      addDays(closedAt, 56, tz),
    );
    expect(
      nextDeadlineAt({ ...closed, documentation: { submittedAt: closedAt, materialId: "m" } }, settings),
    ).toBeNull();
  });

  it("enforce each due deadline once, closing at the end and asking for documentation later", () => {
    expect(dueDeadlines(accepted, settings, addDays(firstMeeting, -1, tz))).toEqual([]);
    const first = enforceDeadlines(accepted, settings, firstMeeting);
    expect(first.done).toEqual(["firstMeeting"]);
    expect(first.pairing.reminders.firstMeeting).toEqual(firstMeeting);
    expect(first.pairing.nextDeadlineAt).toEqual(fewMeetings);
    expect(enforceDeadlines(first.pairing, settings, firstMeeting).done).toEqual([]);

    const atEnd = enforceDeadlines({ ...first.pairing, status: "active", meetingCount: 1 }, settings, endsAt);
    expect(atEnd.done).toEqual(["fewMeetings", "end"]);
    expect(atEnd.pairing).toMatchObject({ status: "incomplete", closedAt: endsAt });
    const later = addDays(endsAt, 60, tz);
    expect(enforceDeadlines(atEnd.pairing, settings, later).done).toEqual(["documentation", "documentationOverdue"]);
  });

  it("close as completed with the required meetings", () => {
    expect(enforceDeadlines({ ...accepted, status: "active", meetingCount: 2 }, settings, endsAt).pairing.status).toBe(
      "completed",
    );
  });
});

describe("check-ins (docs/design.md §17)", () => {
  const twoMonths = addMonths(startsAt, 2, tz);
  const sixMonths = addMonths(startsAt, 6, tz);
  const withFirstReminder = { ...accepted, reminders: { firstMeeting: addDays(startsAt, 42, tz) } };

  it("are deadlines at checkInMonths after the start, each sent once, only before the end", () => {
    expect(nextDeadlineAt(withFirstReminder, settings)).toEqual(twoMonths);
    expect(dueDeadlines(withFirstReminder, settings, addDays(twoMonths, -1, tz))).toEqual([]);
    const asked = enforceDeadlines(withFirstReminder, settings, twoMonths);
    expect(asked.done).toEqual(["checkIn"]);
    expect(asked.pairing.checkIns).toEqual({ "2": { sentAt: twoMonths, answers: {} } });
    expect(asked.pairing.nextDeadlineAt).toEqual(sixMonths);
    expect(enforceDeadlines(asked.pairing, settings, twoMonths).done).toEqual([]);
    // A mentorship shorter than six months gets only the first question.
    const short = { ...withFirstReminder, endsAt: addMonths(startsAt, 5, tz) };
    expect(nextCheckIn(short, settings.checkInMonths, tz)?.month).toBe(2);
    expect(nextCheckIn({ ...short, checkIns: asked.pairing.checkIns }, settings.checkInMonths, tz)).toBeNull();
    // Turned off in the settings: none.
    expect(nextCheckIn(accepted, [], tz)).toBeNull();
  });

  it("after a pause of the job, ask once (the latest), and never past the end", () => {
    const late = enforceDeadlines(withFirstReminder, settings, addDays(sixMonths, 3, tz));
    expect(late.done).toEqual(["checkIn"]);
    expect(Object.keys(late.pairing.checkIns).sort()).toEqual(["2", "6"]);
    expect(latestCheckIn(late.pairing.checkIns)?.month).toBe(6);
    const closing = enforceDeadlines({ ...withFirstReminder, meetingCount: 2, status: "active" }, settings, endsAt);
    expect(closing.done).toEqual(["end"]);
    expect(Object.keys(closing.pairing.checkIns)).toEqual(["2", "6"]);
  });

  it("take each participant's answer once, changeable, and only to a question sent", () => {
    const sent = sendDueCheckIns(accepted, [2, 6], tz, twoMonths).checkIns;
    expect(answerCheckIn({}, "mentor", 2, "met", twoMonths)).toMatchObject({ ok: false });
    const first = answerCheckIn(sent, "mentor", 2, "notYet", twoMonths);
    expect(first).toMatchObject({ ok: true, changed: true });
    const checkIns = first.ok ? first.checkIns : {};
    expect(checkIns["2"]!.answers).toEqual({ mentor: { answer: "notYet", at: twoMonths } });
    expect(answerCheckIn(checkIns, "mentor", 2, "notYet", sixMonths)).toMatchObject({ ok: true, changed: false });
    expect(answerCheckIn(checkIns, "mentor", 2, "met", sixMonths)).toMatchObject({ ok: true, changed: true });
  });

  it("call a pair stalled on «Necessitem ajuda» or «Encara no» from both, until a meeting after it", () => {
    const at = twoMonths;
    const answered = (answers: object) => ({ "2": { sentAt: at, answers } });
    const notYet = { answer: "notYet" as const, at };
    expect(stalledCheckIn({ checkIns: answered({ mentor: notYet }) }, tz)).toBeNull();
    expect(stalledCheckIn({ checkIns: answered({ mentor: notYet, mentee: notYet }) }, tz)).toEqual({
      month: 2,
      why: "notYet",
    });
    const help = answered({ mentee: { answer: "help", at }, mentor: { answer: "met", at } });
    expect(stalledCheckIn({ checkIns: help }, tz)).toEqual({ month: 2, why: "help", role: "mentee" });
    // A meeting dated the day of the answer or later settles it; one before does not.
    expect(stalledCheckIn({ checkIns: help, lastMeetingAt: localDay(isoDay(at, tz), tz) }, tz)).toBeNull();
    expect(stalledCheckIn({ checkIns: help, lastMeetingAt: addDays(at, -2, tz) }, tz)).not.toBeNull();
    expect(stalledCheckIn({ checkIns: {} }, tz)).toBeNull();
  });
});

describe("meetingState", () => {
  const settings = { ...programmeSettings, checkInMonths: [] };
  const now = new Date("2026-12-01T10:00:00Z");
  it("counts sessions, activates on the first, records the requirement, and follows deletions", () => {
    const one = meetingState(accepted, [new Date("2026-11-10T00:00:00Z")], settings, now);
    expect(one).toMatchObject({ meetingCount: 1, status: "active", requirementsMetAt: null });
    const two = meetingState(
      { ...accepted, ...one },
      [new Date("2026-11-10T00:00:00Z"), new Date("2026-11-24T00:00:00Z")],
      settings,
      now,
    );
    expect(two).toMatchObject({
      meetingCount: 2,
      lastMeetingAt: new Date("2026-11-24T00:00:00Z"),
      requirementsMetAt: now,
    });
    expect(two.nextDeadlineAt).toEqual(endsAt);
    expect(meetingState({ ...accepted, ...two }, [], settings, now)).toMatchObject({
      meetingCount: 0,
      status: "accepted",
      requirementsMetAt: null,
    });
  });
});

describe("extensions", () => {
  const newEnd = addMonths(endsAt, 3, tz);
  const now = new Date("2027-09-01T10:00:00Z");
  it("take effect only when both agree the same date", () => {
    const proposed = agreeExtension(accepted, "mentee", newEnd, now);
    expect(proposed).toMatchObject({
      ok: true,
      applied: false,
      endsAt,
      extension: { proposedBy: "mentee", menteeAgreedAt: now },
    });
    const p1 = { ...accepted, extension: proposed.ok ? proposed.extension : null };
    expect(agreeExtension(p1, "mentee", newEnd, now)).toMatchObject({ applied: false });
    const other = agreeExtension(p1, "mentor", addMonths(endsAt, 2, tz), now);
    expect(other).toMatchObject({ applied: false, extension: { proposedBy: "mentor", menteeAgreedAt: null } });
    expect(agreeExtension(p1, "mentor", newEnd, now)).toMatchObject({
      ok: true,
      applied: true,
      endsAt: newEnd,
      extension: { agreedAt: now },
    });
  });
  it("refuse an earlier date or a closed mentorship", () => {
    expect(agreeExtension(accepted, "mentor", endsAt, now)).toMatchObject({
      ok: false,
      message: expect.stringContaining("posterior"),
    });
    expect(agreeExtension({ ...accepted, status: "completed" }, "mentor", newEnd, now)).toMatchObject({ ok: false });
  });
});

describe("participant forms", () => {
  const forms = participantForms(settings);
  it("validate a meeting with Catalan messages", () => {
    expect(
      forms.meeting.safeParse({ action: "meeting", date: "2026-11-20", mode: "virtual", durationMinutes: "90" })
        .success,
    ).toBe(true);
    const bad = forms.meeting.safeParse({
      action: "meeting",
      date: "el dijous",
      mode: "telepatia",
      durationMinutes: "5",
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["date", "Escriu la data com a dia/mes/any, per exemple 20/11/2026."],
      ["mode", "Tria la modalitat de la trobada."],
      ["durationMinutes", "Indica la durada en minuts (de 15 a 600)."],
    ]);
  });
  it("take a day as a date picker sends it or as a person types it without one", () => {
    const typed = forms.meeting.parse({
      action: "meeting",
      date: " 5/3/2027 ",
      mode: "virtual",
      durationMinutes: "60",
    });
    expect(typed.date).toBe("2027-03-05");
    const picked = forms.meeting.parse({
      action: "meeting",
      date: "2027-03-05",
      mode: "virtual",
      durationMinutes: "60",
    });
    expect(picked.date).toBe("2027-03-05");
    expect(forms.extension.safeParse({ action: "extension", endsOn: "31/02/2027" }).error!.issues[0]!.message).toBe(
      "Aquesta data no existeix al calendari.",
    );
  });

  it("refuse a day the calendar does not have", () => {
    const impossible = forms.meeting.safeParse({
      action: "meeting",
      date: "2026-02-30",
      mode: "virtual",
      durationMinutes: "60",
    });
    expect(impossible.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["date", "Aquesta data no existeix al calendari."],
    ]);
    expect(forms.extension.safeParse({ action: "extension", endsOn: "2028-02-29" }).success).toBe(true);
    expect(forms.extension.safeParse({ action: "extension", endsOn: "2027-02-29" }).success).toBe(false);
  });
  it("refuse future meetings and meetings before the start", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    expect(checkMeetingDate(accepted, new Date("2026-12-02T00:00:00Z"), now)).toContain("futura");
    expect(checkMeetingDate(accepted, new Date("2026-09-01T00:00:00Z"), now)).toContain("anterior");
    expect(checkMeetingDate(accepted, new Date("2026-11-20T00:00:00Z"), now)).toBeNull();
  });
});
