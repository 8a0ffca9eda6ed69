/** docs/design.md §17: who is invited back with the September call, and what the one button makes. */
import { describe, expect, it } from "vitest";
import { applicationId, parseApplication } from "../../functions/src/domain/application.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { isRenewable, previousCycleId, renewalsDue, renewedApplication } from "../../functions/src/domain/renewal.ts";
import { application } from "../helpers/fixtures.ts";

const now = new Date("2027-09-05T08:00:00Z");
const cycle = {
  id: "2027",
  applicationsOpenAt: new Date("2027-09-01T06:00:00Z"),
  applicationsCloseAt: new Date("2027-09-30T20:00:00Z"),
  matchingAt: new Date("2027-10-15T06:00:00Z"),
  startsAt: new Date("2027-11-02T07:00:00Z"),
};
const settings = ProgrammeSettings.parse({
  secretariatEmail: "s@x.example",
  senderEmail: "x@x.example",
  publicBaseUrl: "https://x.example",
});
const member = { id: "olot", name: "Olot", active: true, comarca: "Garrotxa" };
const topics = [
  { id: "a", label: "Energia", active: true },
  { id: "b", label: "Compra pública", active: true },
  { id: "retired", label: "Antic", active: false },
];
const lastYear = (kind: "mentor" | "mentee", fields: Record<string, unknown> = {}) => ({
  ...application(kind, "olot", {
    cycle: "2026",
    topics: ["a", "retired"],
    modes: ["presencial", "virtual"],
    slots: ["dl-mati", "dv-tarda"],
    availability: "No a l'agost",
    ...fields,
  }),
  id: `2026-${kind}-x`,
});

describe("renewal", () => {
  it("invites last cycle's mentors and the mentees nobody mentored, nobody else", () => {
    expect(previousCycleId(cycle)).toBe("2026");
    for (const status of ["received", "matched", "waitlisted"] as const) {
      expect(isRenewable(lastYear("mentor", { status }), cycle)).toBe(true);
    }
    expect(isRenewable(lastYear("mentee", { status: "waitlisted" }), cycle)).toBe(true);
    expect(isRenewable(lastYear("mentee", { status: "received" }), cycle)).toBe(true);
    expect(isRenewable(lastYear("mentee", { status: "matched" }), cycle)).toBe(false);
    expect(isRenewable(lastYear("mentor", { status: "withdrawn" }), cycle)).toBe(false);
    expect(isRenewable(lastYear("mentor", { status: "unconfirmed" }), cycle)).toBe(false);
    expect(isRenewable(lastYear("mentor", { anonymisedAt: now }), cycle)).toBe(false);
    expect(isRenewable(lastYear("mentor", { cycle: "2025" }), cycle)).toBe(false);
    expect(isRenewable({ ...lastYear("mentor"), kind: "advisory" }, cycle)).toBe(false);
  });

  it("go once, while the window is open", () => {
    expect(renewalsDue(cycle, now)).toBe(true);
    expect(renewalsDue({ ...cycle, renewalsSentAt: now }, now)).toBe(false);
    expect(renewalsDue(cycle, new Date("2027-08-31T08:00:00Z"))).toBe(false);
    expect(renewalsDue(cycle, cycle.applicationsCloseAt)).toBe(false);
  });

  it("makes this cycle's application, confirmed, with the id the form would give, retired choices left out", () => {
    const previous = lastYear("mentor", { capacity: 2 });
    const renewal = renewedApplication(previous, cycle, { member, topics, settings }, now);
    if (!renewal.ok) throw new Error("not renewed");
    const form = parseApplication({
      kind: "mentor",
      email: previous.person.email,
      name: "x",
      position: "x",
      municipality: "olot",
      topics: ["a"],
      description: "x",
      modes: ["presencial"],
      capacity: 1,
      slots: ["dl-mati"],
      consent: true,
    });
    if (!form.ok) throw new Error(JSON.stringify(form.fields));
    expect(renewal.id).toBe(applicationId(form.input, cycle));
    expect(renewal.application).toMatchObject({
      kind: "mentor",
      cycle: "2027",
      status: "received",
      confirmedAt: now,
      revision: 1,
      person: previous.person,
      municipality: { id: "olot", name: "Olot", comarca: "Garrotxa" },
      topics: ["a"],
      topicLabels: ["Energia"],
      modes: ["presencial", "virtual"],
      capacity: 2,
      slots: ["dl-mati", "dv-tarda"],
      availability: "No a l'agost",
      renewedFrom: "2026-mentor-x",
      expiresAt: null,
    });
  });

  it("makes nothing when last year's answers no longer pass the form", () => {
    const previous = lastYear("mentee");
    const context = { member, topics, settings };
    expect(renewedApplication(previous, cycle, { ...context, member: { ...member, active: false } }, now).ok).toBe(
      false,
    );
    expect(renewedApplication(previous, cycle, { ...context, member: null }, now).ok).toBe(false);
    expect(renewedApplication({ ...previous, topics: ["retired"] }, cycle, context, now).ok).toBe(false);
    // Typed in the console without time slots: the form needs them.
    expect(renewedApplication({ ...previous, slots: undefined }, cycle, context, now).ok).toBe(false);
  });
});
