/** docs/design.md §10 and §11's pure rules: who was told, second chances, corrections, agreed ends, a cycle's figures. */
import { describe, expect, it } from "vitest";
import { AdvisoryGroup, leaverCancellations } from "../../functions/src/domain/advisory.ts";
import { correctedMail, correctedParty } from "../../functions/src/domain/corrections.ts";
import { Incident, settleIncident } from "../../functions/src/domain/incidents.ts";
import { solveMatching } from "../../functions/src/domain/matching.ts";
import {
  matchingCandidates,
  placesHeldEarlier,
  withTopicLabels,
} from "../../functions/src/domain/matchingCandidates.ts";
import { decideRun, type MatchingRun } from "../../functions/src/domain/matchingRun.ts";
import { endedPairingEffects, toldOfPairing, type PairingStatus } from "../../functions/src/domain/pairing.ts";
import {
  cycleAt,
  cycleFigures,
  cycleSpan,
  ReportApplication,
  ReportPairing,
} from "../../functions/src/domain/reports.ts";
import { escapeHtml } from "../../functions/src/views/html.ts";
import { application, pairing } from "../helpers/fixtures.ts";

const now = new Date("2026-12-02T09:00:00Z");

describe("who is told when a pairing is cancelled or deleted", () => {
  it("nobody for a draft, the mentor once proposed, both once agreed, nobody once it ended", () => {
    expect(toldOfPairing(pairing("e", "r", "draft"))).toEqual([]);
    expect(toldOfPairing(pairing("e", "r", "proposed"))).toEqual([]); // not sent yet
    expect(toldOfPairing(pairing("e", "r", "proposed", { proposedAt: now }))).toEqual(["mentor"]);
    expect(toldOfPairing(pairing("e", "r", "accepted"))).toEqual(["mentor", "mentee"]);
    expect(toldOfPairing(pairing("e", "r", "active"))).toEqual(["mentor", "mentee"]);
    for (const status of ["declined", "expired", "completed", "incomplete"] as const) {
      expect(toldOfPairing(pairing("e", "r", status))).toEqual([]);
    }
  });
});

describe("what a cancelled or deleted pairing sets off", () => {
  const apps = (mentee: string, mentor = "matched", createdAt = now) => ({
    mentee: application("mentee", "olot", { status: mentee, createdAt }),
    mentor: application("mentor", "vic", { status: mentor, createdAt }),
  });
  const agreed = pairing("e", "r", "active", { createdAt: now });

  it("tells both, sends the mentee back and frees the place; a withdrawn or erased side is not written to", () => {
    const effects = endedPairingEffects(
      agreed,
      { ...agreed, status: "cancelled" },
      "cancelled",
      apps("matched"),
      false,
    );
    expect(effects).toEqual({
      told: ["mentor", "mentee"],
      remember: false,
      menteeBackToReceived: true,
      secondChance: { reason: "freed", waitlistMentee: "e", proposeAs: undefined },
    });
    const withdrawn = endedPairingEffects(agreed, agreed, "cancelled", apps("withdrawn"), false)!;
    expect(withdrawn).toMatchObject({ told: ["mentor"], menteeBackToReceived: false });
    expect(withdrawn.secondChance?.waitlistMentee).toBeUndefined();
    const erased = { ...agreed, mentee: { ...agreed.mentee, email: "" } };
    expect(endedPairingEffects(agreed, erased, "cancelled", apps("matched"), false)!.told).toEqual(["mentor"]);
    // Held by another pairing, the mentee stays matched.
    expect(endedPairingEffects(agreed, agreed, "cancelled", apps("matched"), true)!.menteeBackToReceived).toBe(false);
  });

  it("remembers a deleted draft and replaces it by a draft, but ignores one whose applications are not its own", () => {
    const draft = pairing("e", "r", "draft", { createdAt: now });
    expect(endedPairingEffects(draft, draft, "deleted", apps("received"), false)).toMatchObject({
      told: [],
      remember: true,
      secondChance: { proposeAs: "draft" },
    });
    const later = new Date(now.getTime() + 1000);
    expect(endedPairingEffects(draft, draft, "deleted", apps("received", "received", later), false)).toBeNull();
    expect(endedPairingEffects(draft, draft, "deleted", { ...apps("received"), mentor: null }, false)).toBeNull();
    // A pairing that held no place frees none.
    const declined = pairing("e", "r", "declined", { createdAt: now });
    expect(endedPairingEffects(declined, declined, "deleted", apps("received"), false)!.secondChance).toBeNull();
  });
});

describe("second chances", () => {
  it("considers waitlisted mentees, never a deleted pair, and counts an earlier cycle's mentorship by address", () => {
    const apps = new Map([
      ["e1", application("mentee", "olot", { status: "waitlisted" })],
      ["e2", application("mentee", "vic")],
      ["r1", application("mentor", "sabadell")],
      // The same person as the mentor of last year's mentorship, typed with capitals.
      ["r2", application("mentor", "girona", { person: { name: "G", email: "Girona@X.example", position: "T" } })],
    ]);
    const lastYear = (status: PairingStatus) =>
      pairing("x", "antiga", status, {
        cycle: "2025",
        mentor: {
          applicationId: "antiga",
          name: "G",
          email: "girona@x.example",
          municipality: { id: "girona", name: "Girona" },
        },
      });
    const earlier = [lastYear("active"), lastYear("completed")];
    const removed = [
      {
        cycle: "2026",
        menteeApplicationId: "e2",
        mentorApplicationId: "r1",
        statusBefore: "draft" as const,
        removedAt: now,
      },
    ];
    const input = matchingCandidates(apps, new Map(), { removed, heldEarlier: placesHeldEarlier(earlier, "2026") });
    expect(input.mentees.map((m) => m.id)).toEqual(["e1", "e2"]);
    expect(input.mentors.map((m) => [m.id, m.load])).toEqual([
      ["r1", 0],
      ["r2", 1],
    ]);
    expect(input.places).toBe(1);
    const result = solveMatching(input);
    // r2 is full with last year's mentee; r1 takes e1, never the deleted pair e2–r1.
    expect(result.pairs.map((p) => [p.menteeId, p.mentorId])).toEqual([["e1", "r1"]]);
    expect(result.unmatched.map((u) => u.menteeId)).toEqual(["e2"]);
  });

  it("gives a freed place's pairings the status the run asks for: rematchStatus, or a draft for a cancelled draft", () => {
    const result = {
      pairs: [{ menteeId: "e", mentorId: "r", score: 1, scoreBreakdown: {}, reasons: [] }],
      unmatched: [],
    };
    const run = (fields: Partial<MatchingRun>): MatchingRun => ({
      cycle: "2026",
      status: "running",
      attempts: 1,
      ...fields,
    });
    const decide = (r: MatchingRun) =>
      decideRun(r, result as never, new Set(), (e, m) => `${e}-${m}`, "proposed").status;
    expect(decide(run({ reason: "schedule" }))).toBe("draft");
    expect(decide(run({ reason: "freed" }))).toBe("proposed");
    expect(decide(run({ reason: "lateMentor" }))).toBe("proposed");
    expect(decide(run({ reason: "freed", proposeAs: "draft" }))).toBe("draft");
  });

  it("reads topics by the labels the topics collection has now, keeping the stored ones for a topic that is gone", () => {
    const typed = application("mentee", "olot", { topics: ["cures", "antic"], topicLabels: [] });
    expect(withTopicLabels(typed, { cures: "Economia de les cures" }).topicLabels).toEqual([
      "Economia de les cures",
      "antic",
    ]);
  });
});

describe("corrections", () => {
  const before = { name: "Laia Puig", email: "laia@olot.example" };
  const after = { name: "Laia Puig i Solà", email: "laia.puig@olot.example" };
  const mail = (state: string) => ({
    to: ["Laia@Olot.example", "altra@x.example"],
    subject: "Hola Laia Puig",
    text: "Hola, Laia Puig: escriu a laia@olot.example",
    html: "<p>Hola, Laia Puig: d'acord</p>",
    delivery: { state },
  });

  it("rewrites an unsent email for the corrected person, and leaves sent ones as they went", () => {
    expect(correctedMail(mail("RETRY"), before, after, escapeHtml)).toEqual({
      to: ["laia.puig@olot.example", "altra@x.example"],
      subject: "Hola Laia Puig i Solà",
      text: "Hola, Laia Puig i Solà: escriu a laia.puig@olot.example",
      html: "<p>Hola, Laia Puig i Solà: d'acord</p>",
    });
    expect(correctedMail(mail("PENDING"), before, after, escapeHtml)).not.toBeNull();
    for (const state of ["PROCESSING", "SUCCESS", "ERROR"])
      expect(correctedMail(mail(state), before, after, escapeHtml)).toBeNull();
    expect(correctedMail(mail("RETRY"), before, before, escapeHtml)).toBeNull();
  });

  it("changes only the copies that differ", () => {
    expect(correctedParty(before, "mentee", after)).toEqual({
      "mentee.name": "Laia Puig i Solà",
      "mentee.email": "laia.puig@olot.example",
    });
    expect(correctedParty(after, "mentor", after)).toBeNull();
  });
});

describe("incidents", () => {
  const agreed = Incident.parse({
    pairingId: "p",
    kind: "agreedEnd",
    status: "confirmed",
    proposedEndsAt: new Date("2027-06-30T22:00:00Z"),
  });

  it("moves the end of a mentorship in course once, closes the others, and refuses one that ended", () => {
    expect(settleIncident(agreed, pairing("e", "r", "active"))).toEqual({
      action: "applyEnd",
      endsAt: agreed.proposedEndsAt,
    });
    expect(settleIncident({ ...agreed, appliedAt: now, resolvedAt: now }, pairing("e", "r", "active"))).toEqual({
      action: "none",
    });
    expect(settleIncident(agreed, pairing("e", "r", "completed"))).toMatchObject({ action: "refuse" });
    expect(settleIncident({ ...agreed, kind: "incident", status: "resolved" }, null)).toEqual({ action: "close" });
    expect(settleIncident({ ...agreed, status: "open" }, pairing("e", "r", "active"))).toEqual({ action: "none" });
    expect(Incident.safeParse({ pairingId: "p", kind: "incident", status: "tancada" }).success).toBe(false);
  });
});

describe("advisory groups", () => {
  it("sends someone who leaves a scheduled group a cancellation of every invitation still standing", () => {
    const session = { startsAt: now, durationMinutes: 120, mode: "virtual", place: "" };
    const group = AdvisoryGroup.parse({ topic: "cures", status: "scheduled", closesAt: now, createdAt: now });
    const state = {
      "0": { signature: "a", sequence: 1, cancelled: false, session },
      "1": { signature: "b", sequence: 2, cancelled: true, session },
    };
    expect(leaverCancellations(group, state)).toEqual([{ index: 0, method: "CANCEL", sequence: 2, session }]);
    expect(leaverCancellations({ ...group, status: "done" }, state)).toEqual([]);
  });
});

describe("a cycle's figures", () => {
  const cycles = [
    { id: "2025", applicationsOpenAt: new Date("2025-09-01T00:00:00Z") },
    { id: "2026", applicationsOpenAt: new Date("2026-09-01T00:00:00Z") },
  ];

  it("places advisory work in the cycle whose window opened last before it", () => {
    expect(cycleAt(cycles, new Date("2026-03-01T00:00:00Z"))).toBe("2025");
    expect(cycleAt(cycles, new Date("2026-10-01T00:00:00Z"))).toBe("2026");
    expect(cycleAt(cycles, new Date("2024-10-01T00:00:00Z"))).toBeNull();
    expect(cycleSpan(cycles, "2025")).toEqual({
      from: cycles[0]!.applicationsOpenAt,
      until: cycles[1]!.applicationsOpenAt,
    });
    expect(cycleSpan(cycles, "2026")).toEqual({ from: cycles[1]!.applicationsOpenAt, until: null });
  });

  it("counts confirmed applications, municipalities, pairings, meetings, completion, assessments and hours", () => {
    const app = (kind: string, status: string, municipality: string) =>
      ReportApplication.parse({ kind, status, municipality: { id: municipality, name: municipality } });
    const pair = (status: string, meetingCount: number, assessments: Record<string, { score: number }> = {}) =>
      ReportPairing.parse({ status, meetingCount, assessments });
    const group = (status: string, minutes: number[]) =>
      AdvisoryGroup.parse({
        topic: "t",
        status,
        closesAt: now,
        createdAt: now,
        sessions: minutes.map((m) => ({ startsAt: now, durationMinutes: m, mode: "virtual", place: "" })),
      });
    const figures = cycleFigures("2026", {
      applications: [
        app("mentee", "matched", "Olot"),
        app("mentee", "withdrawn", "Vic"),
        app("mentee", "unconfirmed", "Reus"),
        app("mentor", "matched", "Sabadell"),
        app("advisory", "received", "Olot"),
      ],
      pairings: [
        pair("completed", 3, { mentor: { score: 5 }, mentee: { score: 4 } }),
        pair("incomplete", 1, { mentee: { score: 2 } }),
        pair("active", 1),
        pair("cancelled", 0),
      ],
      groups: [group("done", [120, 90]), group("scheduled", [120]), group("cancelled", [])],
    });
    expect(figures).toMatchObject({
      applications: { mentee: 2, mentor: 1, advisory: 1 },
      withdrawn: { mentee: 1, mentor: 0, advisory: 0 },
      municipalities: 2,
      municipalityNames: ["Olot", "Sabadell"],
      pairings: { completed: 1, incomplete: 1, active: 1, cancelled: 1, draft: 0 },
      meetingsHeld: 5,
      mentorshipsEnded: 2,
      completionRate: 0.5,
      assessments: { mentor: { count: 1, average: 5 }, mentee: { count: 2, average: 3 } },
      advisory: { groups: 2, groupsDone: 1, plannedHours: 8, deliveredHours: 3.5 },
    });
    expect(cycleFigures("2027", { applications: [], pairings: [], groups: [] })).toMatchObject({
      completionRate: null,
      assessments: { mentor: { count: 0, average: null } },
      advisory: { groups: 0 },
    });
  });
});
