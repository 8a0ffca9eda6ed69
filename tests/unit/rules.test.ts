/** The rules the shell used to hold, now pure: one home each, and the page and the server ask the same one. */
import { describe, expect, it } from "vitest";
import { advisoryMaterial, groupIdFor, newGroup, rebuildGroup } from "../../functions/src/domain/advisory.ts";
import { solveMatching } from "../../functions/src/domain/matching.ts";
import { matchingCandidates } from "../../functions/src/domain/matchingCandidates.ts";
import {
  decideRun,
  maxRunAttempts,
  recoverRun,
  runLeaseMs,
  type MatchingRun,
} from "../../functions/src/domain/matchingRun.ts";
import {
  allowedActions,
  checkPlannedEnd,
  closingWindowDays,
  participantForms,
  type ParticipantAction,
} from "../../functions/src/domain/mentorship.ts";
import { capacityHold } from "../../functions/src/domain/pairing.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { application, pairing } from "../helpers/fixtures.ts";
import { mentorshipPage } from "../../functions/src/views/mentorshipPage.ts";

const settings = ProgrammeSettings.parse({
  secretariatEmail: "s@x.example",
  senderEmail: "x@x.example",
  publicBaseUrl: "https://x.example",
});
const now = new Date("2026-11-23T09:00:00Z");
const day = 24 * 60 * 60_000;

describe("who a run may match", () => {
  it("counts the places a mentor's pending and accepted pairings hold, and leaves held mentees out", () => {
    const apps = new Map([
      ["e1", application("mentee", "olot")],
      ["e2", application("mentee", "vic")],
      ["e3", application("mentee", "reus", { status: "withdrawn" })],
      ["r1", application("mentor", "sabadell", { capacity: 2 })],
    ]);
    const pairings = new Map([["p1", pairing("e1", "r1", "proposed")]]);
    const input = matchingCandidates(apps, pairings);
    expect(input.mentees.map((m) => m.id)).toEqual(["e2"]);
    expect(input.mentors).toMatchObject([{ id: "r1", capacity: 2, load: 1 }]);
    expect(input.places).toBe(1);
  });

  it("leaves out an erased person, though a matched mentor keeps its status for the figures", () => {
    const apps = new Map([
      ["e1", application("mentee", "olot")],
      ["r1", application("mentor", "sabadell", { status: "matched", capacity: 3, anonymisedAt: now })],
      ["r2", application("mentor", "vic", { status: "matched", capacity: 3 })],
    ]);
    expect(matchingCandidates(apps, new Map()).mentors.map((m) => m.id)).toEqual(["r2"]);
  });

  it("never proposes a declined, expired or cancelled pair again, and frees a cancelled mentee for another mentor", () => {
    const apps = new Map([
      ["e1", application("mentee", "olot")],
      ["r1", application("mentor", "sabadell")],
    ]);
    const declined = matchingCandidates(apps, new Map([["p", pairing("e1", "r1", "declined")]]));
    expect([...declined.excluded]).toEqual(["e1|r1"]);
    expect(solveMatching(declined).pairs).toEqual([]);
    const cancelled = matchingCandidates(apps, new Map([["p", pairing("e1", "r1", "cancelled")]]));
    expect(cancelled.mentees.map((m) => m.id)).toEqual(["e1"]);
    expect(cancelled.mentors[0]!.load).toBe(0);
    // The same pair is not picked again (a rerun used to find it existing and write nothing)…
    expect([...cancelled.excluded]).toEqual(["e1|r1"]);
    expect(solveMatching(cancelled).pairs).toEqual([]);
    // …another mentor is.
    apps.set("r2", application("mentor", "vic"));
    const rerun = matchingCandidates(apps, new Map([["p", pairing("e1", "r1", "cancelled")]]));
    expect(solveMatching(rerun).pairs.map((p) => `${p.menteeId}|${p.mentorId}`)).toEqual(["e1|r2"]);
  });
});

describe("capacity hold-back", () => {
  it("holds a proposal back once the mentor's other pairings fill their capacity", () => {
    expect(capacityHold(0, 1)).toBeNull();
    expect(capacityHold(1, 2)).toBeNull();
    expect(capacityHold(1, 1)).toEqual({ held: 1, capacity: 1 });
    expect(capacityHold(3, 2)).toEqual({ held: 3, capacity: 2 });
  });
});

describe("what a finished run writes", () => {
  const result = {
    pairs: [
      {
        menteeId: "e1",
        mentorId: "r1",
        score: 10,
        scoreBreakdown: { topics: 10, modes: 0, slots: 0, text: 0, closeness: 0 },
        reasons: [],
      },
    ],
    unmatched: [{ menteeId: "e2", reason: "cap" }],
    totalScore: 10,
    closeCalls: [],
  };
  const id = (e: string, r: string) => `${e}-${r}`;

  it("gives drafts for a cycle's run, and rematchStatus after a decline or expiry", () => {
    const run: MatchingRun = { cycle: "2026", status: "running", reason: "schedule", attempts: 1 };
    expect(decideRun(run, result, new Set(), id, "proposed").status).toBe("draft");
    expect(decideRun({ ...run, reason: "decline" }, result, new Set(), id, "proposed").status).toBe("proposed");
    expect(decideRun({ ...run, reason: "expiry" }, result, new Set(), id, "draft").status).toBe("draft");
  });

  it("writes only pairings not there yet, and waitlists the run's mentee when still unmatched", () => {
    const run: MatchingRun = { cycle: "2026", status: "running", reason: "decline", waitlistMentee: "e2", attempts: 1 };
    expect(decideRun(run, result, new Set(["e1-r1"]), id, "draft").created).toEqual([]);
    expect(decideRun(run, result, new Set(), id, "draft").waitlisted).toEqual({ menteeId: "e2", reason: "cap" });
    expect(decideRun({ ...run, waitlistMentee: "e1" }, result, new Set(), id, "draft").waitlisted).toBeNull();
  });
});

describe("what a participant may do", () => {
  const endsAt = new Date(now.getTime() + 200 * day);
  const running = pairing("e", "r", "active", { startsAt: now, endsAt, acceptedAt: now });

  it("logs meetings, agrees extensions and writes the agreement only while the mentorship is in course", () => {
    expect([...allowedActions(running, "mentor", now)].sort()).toEqual([
      "agreement",
      "checkIn",
      "extension",
      "incident",
      "meeting",
    ]);
    for (const status of ["draft", "proposed", "declined", "expired", "cancelled"] as const) {
      expect([...allowedActions({ ...running, status }, "mentee", now)]).toEqual([]);
    }
  });

  it("plans the agreement's end from today to the mentorship's end date (docs/design.md §17)", () => {
    expect(checkPlannedEnd(running, new Date(now.getTime() + 30 * day), now, "Europe/Madrid")).toBeNull();
    expect(checkPlannedEnd(running, endsAt, now, "Europe/Madrid")).toBeNull();
    expect(checkPlannedEnd(running, new Date(now.getTime() - 2 * day), now, "Europe/Madrid")).toBe(
      "La data prevista no pot ser passada.",
    );
    expect(checkPlannedEnd(running, new Date(endsAt.getTime() + day), now, "Europe/Madrid")).toMatch(
      /^La mentoria acaba com a molt tard .*; per anar més enllà, amplieu-la\.$/,
    );
  });

  it("opens documentation (mentee only) and assessment near the end and after it", () => {
    const nearEnd = new Date(endsAt.getTime() - (closingWindowDays - 1) * day);
    expect(allowedActions(running, "mentee", nearEnd).has("documentation")).toBe(true);
    expect(allowedActions(running, "mentor", nearEnd).has("documentation")).toBe(false);
    expect(allowedActions(running, "mentor", nearEnd).has("assessment")).toBe(true);
    const early = new Date(endsAt.getTime() - (closingWindowDays + 1) * day);
    expect(allowedActions(running, "mentee", early).has("documentation")).toBe(false);
    const completed = { ...running, status: "completed" as const };
    expect([...allowedActions(completed, "mentee", now)].sort()).toEqual(["assessment", "documentation", "incident"]);
  });

  it("is what the page shows: a form is on the page exactly when the action is allowed", () => {
    // With a check-in waiting for an answer, so its question is on the page while allowed.
    const asked = { ...running, checkIns: { "2": { sentAt: now, answers: {} } } };
    for (const [p, role, at] of [
      [asked, "mentee", now],
      [asked, "mentee", new Date(endsAt.getTime() - day)],
      [{ ...asked, status: "completed" as const }, "mentor", now],
      [{ ...asked, status: "cancelled" as const }, "mentee", now],
    ] as const) {
      const page = mentorshipPage(p, role, [], settings, at);
      const allowed = allowedActions(p, role, at);
      for (const action of Object.keys(participantForms(settings)) as ParticipantAction[]) {
        expect(page.includes(`name="action" value="${action}"`)).toBe(allowed.has(action));
      }
    }
    // Once answered, the question leaves the page (its link still lets them change the answer).
    const answered = {
      ...running,
      checkIns: { "2": { sentAt: now, answers: { mentee: { answer: "met" as const, at: now } } } },
    };
    expect(mentorshipPage(answered, "mentee", [], settings, now)).not.toContain('value="checkIn"');
    expect(mentorshipPage(answered, "mentor", [], settings, now)).toContain('value="checkIn"');
  });
});

describe("advisory groups", () => {
  const group = newGroup("t", "Tema", now, { ...settings, advisoryWindowDays: 21, advisoryGroupSize: 6 });

  it("are named by topic and counter, and planned from the settings' package", () => {
    expect(groupIdFor("contractacio-responsable", 3)).toBe("contractacio-responsable-3");
    expect(group.hoursPlanned).toBe(settings.advisorySessions * settings.advisorySessionHours);
  });

  it("are rebuilt from the requests naming them, oldest first, and say when that changed", () => {
    const requests = [
      { id: "b", topics: ["t"], description: "clàusules socials", municipality: "Vic", createdAt: new Date(2) },
      { id: "a", topics: ["t"], description: "contractes", municipality: "Olot", createdAt: new Date(1) },
    ];
    const first = rebuildGroup(group, requests);
    expect(first.group.requestIds).toEqual(["a", "b"]);
    expect(first.group.municipalities).toEqual(["Olot", "Vic"]);
    expect(first.changed).toBe(true);
    expect(rebuildGroup(first.group, requests).changed).toBe(false);
  });

  it("turn recorded questions into a draft material, and never touch a published one", () => {
    const qa = [{ question: "Com?", answer: "Així." }];
    expect(advisoryMaterial("g", group, qa, null, now)).toMatchObject({
      status: "draft",
      questionsAndAnswers: qa,
      submittedAt: now,
    });
    expect(advisoryMaterial("g", group, qa, { status: "published", questionsAndAnswers: [] }, now)).toBeNull();
    expect(advisoryMaterial("g", group, qa, { status: "draft", questionsAndAnswers: qa }, now)).toBeNull();
    expect(advisoryMaterial("g", group, [], null, now)).toBeNull();
  });
});

describe("a matching run left running (docs/design.md §14)", () => {
  const startedAt = new Date("2026-10-15T09:00:00Z");
  const running: MatchingRun = { cycle: "2026", status: "running", startedAt, attempts: 1 };
  const after = (ms: number) => new Date(startedAt.getTime() + ms);

  it("is left alone while its lease holds, then requested again", () => {
    expect(recoverRun(running, after(runLeaseMs - 1))).toBeNull();
    expect(recoverRun(running, after(runLeaseMs))).toEqual({ status: "requested" });
    expect(recoverRun({ ...running, startedAt: null }, after(0))).toEqual({ status: "requested" });
  });

  it("fails with a Catalan reason after three attempts, and never touches a run in any other status", () => {
    const given = recoverRun({ ...running, attempts: maxRunAttempts }, after(runLeaseMs));
    expect(given).toMatchObject({ status: "failed", error: expect.stringContaining("s'ha interromput 3 vegades") });
    for (const status of ["requested", "done", "failed", "approved"] as const)
      expect(recoverRun({ ...running, status }, after(runLeaseMs * 10))).toBeNull();
  });
});
