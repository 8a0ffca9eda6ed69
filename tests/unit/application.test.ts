import { describe, expect, it } from "vitest";
import {
  applicationId,
  checkEligibility,
  confirmApplication,
  discardPendingChange,
  pendingVersion,
  correctApplication,
  decideIntake,
  isGone,
  withdrawApplication,
  fieldMessages,
  fromFormBody,
  parseApplication,
  submittedFields,
  type ApplicationInput,
} from "../../functions/src/domain/application.ts";
import { applicationWindow, ProgrammeSettings, type Cycle } from "../../functions/src/domain/programme.ts";

const valid = {
  kind: "mentor",
  name: " Jordi Vila ",
  email: "Jordi.Vila@Manresa.example ",
  position: "Tècnic d'ESS",
  municipality: "manresa",
  topics: ["b", "a", "a"],
  description: "Deu anys impulsant cooperatives.",
  modes: ["virtual", "presencial"],
  capacity: "2",
  availability: "Dilluns",
  slots: ["dc-tarda", "dl-mati"],
  consent: true,
};
const settings = ProgrammeSettings.parse({
  secretariatEmail: "s@xmess.example",
  senderEmail: "x@xmess.example",
  publicBaseUrl: "https://xmess.example",
});
const day = 86_400_000;
const now = new Date("2026-09-15T10:00:00Z");
const cycle: Cycle = {
  id: "2026",
  applicationsOpenAt: new Date(now.getTime() - day),
  applicationsCloseAt: new Date(now.getTime() + day),
  matchingAt: new Date(now.getTime() + 10 * day),
  startsAt: new Date(now.getTime() + 40 * day),
};
const member = { id: "manresa", name: "Manresa", active: true, comarca: "Bages" };
const topics = [
  { id: "a", label: "Tema A", active: true },
  { id: "b", label: "Tema B", active: true },
  { id: "c", label: "Tema C", active: false },
];

function parsed(body: Record<string, unknown> = valid): ApplicationInput {
  const result = parseApplication(body);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.input;
}

describe("parseApplication", () => {
  it("normalises a valid application: trimmed, lower-case email, sorted unique lists, numeric capacity", () => {
    expect(parsed()).toMatchObject({
      name: "Jordi Vila",
      email: "jordi.vila@manresa.example",
      topics: ["a", "b"],
      modes: ["presencial", "virtual"],
      capacity: 2,
      slots: ["dl-mati", "dc-tarda"],
    });
  });

  it.each([
    ["name", ""],
    ["email", "no-és-un-correu"],
    ["position", "   "],
    ["municipality", ""],
    ["topics", []],
    ["description", ""],
    ["modes", ["telepatia"]],
    ["capacity", 4],
    ["slots", []],
    ["slots", ["dilluns"]],
    ["consent", false],
  ])("reports %s in Catalan with the field's own message", (field, value) => {
    const result = parseApplication({ ...valid, [field]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields[field]).toBe(fieldMessages("mentor")[field as keyof ReturnType<typeof fieldMessages>]);
    expect(Object.keys(result.fields)).toEqual([field]);
  });

  it("lets a filled honeypot through parsing: the handler answers it as a success and stores nothing", () => {
    expect(parsed({ ...valid, website: "http://spam.example" }).website).toBe("http://spam.example");
  });

  it.each([
    ["name", "Jordi\r\nBcc: tothom@example.com"],
    ["name", "Jordi\u2028Vila"],
    ["position", "Tècnic\tcap"],
    ["name", "Jordi\u0000"],
    ["description", "Pregunta\u0007"],
  ])("refuses line breaks and control characters where they could reach a subject (%s)", (field, value) => {
    const result = parseApplication({ ...valid, [field]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields[field]).toMatch(/línia|control/);
  });

  it.each([
    ["name", "Jordi \u202Egnirts\u202C Vila", "a right-to-left override"],
    ["name", "Marta\u2066Puig\u2069", "a direction isolate"],
    ["position", "Tècnica\u200B", "a zero-width space"],
    ["name", "Jo\u200Drdi", "a zero-width joiner"],
    ["description", "Pre\uFEFFgunta", "a byte-order mark"],
    ["availability", "Dimarts\u00AD", "a soft hyphen"],
    ["name", "Anna\u{E0041}", "a tag character"],
  ])("refuses invisible characters in %s (%s, %s)", (field, value) => {
    const result = parseApplication({ ...valid, [field]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields[field]).toMatch(/invisibles/);
  });

  it("keeps Catalan letters, the middle dot and the apostrophe", () => {
    expect(parsed({ ...valid, name: "Núria Col·lell d'Àger" }).name).toBe("Núria Col·lell d'Àger");
  });

  it("keeps line breaks in the long texts", () => {
    expect(parsed({ ...valid, description: "Primer.\r\nSegon." }).description).toBe("Primer.\r\nSegon.");
  });

  it("reports an unknown kind and still checks the other fields", () => {
    const result = parseApplication({ kind: "visitant", name: "" });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.fields).toMatchObject({ kind: expect.any(String), name: fieldMessages("mentee").name });
  });

  it("asks each kind for what it needs: no capacity for mentees, no availability for advisory", () => {
    const { capacity: _c, ...mentee } = valid;
    expect(parsed({ ...mentee, kind: "mentee" }).capacity).toBeUndefined();
    const { availability: _a, slots: _s, ...advisory } = mentee;
    expect(parseApplication({ ...advisory, kind: "advisory" }).ok).toBe(true);
    expect(parseApplication({ ...advisory, kind: "mentee" })).toMatchObject({
      ok: false,
      fields: { slots: fieldMessages("mentee").slots },
    });
  });

  it("takes the availability notes as optional: the slots say when, the notes add what they cannot", () => {
    expect(parsed({ ...valid, availability: "" }).availability).toBe("");
    expect(submittedFields(parsed({ ...valid, availability: "" }), member, topics)).not.toHaveProperty("availability");
  });

  it("rejects texts over their limits", () => {
    const result = parseApplication({ ...valid, description: "x".repeat(3001) });
    expect(result).toMatchObject({ ok: false, fields: { description: expect.stringContaining("3.000") } });
  });
});

describe("availability slots", () => {
  it("offers only the programme's grid: a slot the settings no longer list is refused with its own message", () => {
    const narrow = ProgrammeSettings.parse({ ...settings, availabilitySlots: ["dl-mati", "dl-tarda"] });
    const result = checkEligibility(parsed(), { member, topics, settings: narrow });
    expect(result).toMatchObject({
      ok: false,
      error: "validation",
      fields: { slots: expect.stringContaining("graella") },
    });
    expect(checkEligibility(parsed({ ...valid, slots: ["dl-tarda"] }), { member, topics, settings: narrow }).ok).toBe(
      true,
    );
  });

  it("arrives from a form as one value or several", () => {
    expect(fromFormBody({ slots: "dl-mati" })).toMatchObject({ slots: ["dl-mati"] });
    expect(fromFormBody({ slots: ["dl-mati", "dv-tarda"] })).toMatchObject({ slots: ["dl-mati", "dv-tarda"] });
    expect(fromFormBody({})).toMatchObject({ slots: [] });
  });
});

describe("fromFormBody", () => {
  it("maps a url-encoded form to the JSON shape", () => {
    expect(fromFormBody({ topics: "a", modes: ["virtual"], consent: "on", capacity: "" })).toMatchObject({
      topics: ["a"],
      modes: ["virtual"],
      consent: true,
      capacity: undefined,
    });
    expect(fromFormBody({}).consent).toBe(false);
    expect(fromFormBody({}).topics).toEqual([]);
  });
});

describe("checkEligibility", () => {
  const open = applicationWindow([cycle], now);
  it("accepts a member with active topics inside the window, naming the cycle", () => {
    expect(checkEligibility(parsed(), { member, topics, settings, window: open })).toEqual({ ok: true, cycle });
  });
  it("refuses non-members and inactive members", () => {
    expect(checkEligibility(parsed(), { member: null, topics, settings, window: open })).toEqual({
      ok: false,
      error: "not_member",
    });
    expect(
      checkEligibility(parsed(), { member: { ...member, active: false }, topics, settings, window: open }),
    ).toMatchObject({
      error: "not_member",
    });
  });
  it("refuses inactive topics and modes the settings do not allow", () => {
    const input = parsed({ ...valid, topics: ["c"], modes: ["virtual"] });
    const onlyInPerson = { ...settings, meetingModes: ["presencial" as const] };
    expect(checkEligibility(input, { member, topics, settings: onlyInPerson, window: open })).toMatchObject({
      error: "validation",
      fields: { topics: expect.any(String), modes: expect.stringContaining("presencial") },
    });
  });
  it("closes mentoring outside the window but keeps advisory open all year", () => {
    const later = new Date(cycle.applicationsCloseAt.getTime() + day);
    const closed = applicationWindow([cycle], later);
    expect(checkEligibility(parsed(), { member, topics, settings, window: closed })).toEqual({
      ok: false,
      error: "closed",
      next: null,
    });
    const { capacity: _c, availability: _a, ...advisory } = valid;
    expect(
      checkEligibility(parsed({ ...advisory, kind: "advisory" }), { member, topics, settings, window: closed }),
    ).toEqual({
      ok: true,
      cycle: null,
    });
  });
});

describe("applicationWindow", () => {
  it("is open inside a cycle's window, and names the next cycle before it opens", () => {
    const next = {
      ...cycle,
      id: "2027",
      applicationsOpenAt: new Date(now.getTime() + 300 * day),
      applicationsCloseAt: new Date(now.getTime() + 330 * day),
    };
    expect(applicationWindow([next, cycle], now)).toEqual({ open: true, cycle });
    expect(applicationWindow([next, cycle], new Date(now.getTime() + 2 * day))).toEqual({ open: false, next });
    expect(applicationWindow([], now)).toEqual({ open: false, next: null });
  });
  it("treats the close instant as closed", () => {
    expect(applicationWindow([cycle], cycle.applicationsCloseAt).open).toBe(false);
  });
});

describe("applicationId", () => {
  it("is the same for the same person, kind and cycle whatever else changes", () => {
    const a = parsed();
    const b = parsed({ ...valid, email: "JORDI.VILA@manresa.example", description: "Una altra cosa" });
    expect(applicationId(a, cycle)).toBe(applicationId(b, cycle));
    expect(applicationId(a, cycle)).toMatch(/^2026-mentor-[0-9a-f]{16}$/);
    expect(applicationId(a, { ...cycle, id: "2027" })).not.toBe(applicationId(a, cycle));
    expect(applicationId(parsed({ ...valid, kind: "mentee" }), cycle)).not.toBe(applicationId(a, cycle));
  });
  it("gives each distinct advisory question its own id", () => {
    const { capacity: _c, availability: _a, ...body } = { ...valid, kind: "advisory" };
    const first = parsed(body);
    expect(applicationId(first, null)).toBe(applicationId(parsed(body), null));
    expect(applicationId(parsed({ ...body, description: "Una altra pregunta" }), null)).not.toBe(
      applicationId(first, null),
    );
  });
});

describe("decideIntake and the owner's decisions (docs/design.md §4a)", () => {
  const submitted = submittedFields(parsed(), member, topics);
  const expiresAt = new Date(now.getTime() + 7 * 86_400_000);
  const created = () => decideIntake(submitted, cycle, null, now, expiresAt).application;
  const confirmed = () => {
    const decision = confirmApplication(created(), now);
    if (decision.outcome !== "changed") throw new Error("not confirmed");
    return decision.application;
  };
  const changed = submittedFields(parsed({ ...valid, availability: "Divendres" }), member, topics);
  const later = new Date(now.getTime() + 5000);

  it("creates an unconfirmed application that expires, with denormalised names", () => {
    const decision = decideIntake(submitted, cycle, null, now, expiresAt);
    expect(decision.action).toBe("create");
    expect(decision.application).toMatchObject({
      status: "unconfirmed",
      revision: 1,
      cycle: "2026",
      expiresAt,
      municipality: { id: "manresa", name: "Manresa", comarca: "Bages" },
      topicLabels: ["Tema A", "Tema B"],
      createdAt: now,
      updatedAt: now,
    });
  });

  it("never changes an existing application: a different submission waits aside, an identical one only asks again", () => {
    const stored = confirmed();
    expect(decideIntake(submitted, cycle, stored, later, expiresAt)).toEqual({ action: "remind", application: stored });
    const pending = decideIntake(changed, cycle, stored, later, expiresAt);
    expect(pending.action).toBe("pending");
    expect(pending.application).toMatchObject({ availability: "Dilluns", revision: 1, status: "received" });
    expect(pending.application.pendingChange).toMatchObject({ availability: "Divendres", submittedAt: later });
  });

  it("treats an expired unconfirmed application as gone, and a fresh submission starts over", () => {
    const stale = created();
    const afterExpiry = new Date(expiresAt.getTime() + 1);
    expect(isGone(stale, afterExpiry)).toBe(true);
    expect(isGone(stale, now)).toBe(false);
    expect(isGone({ ...confirmed() }, afterExpiry)).toBe(false);
    expect(decideIntake(changed, cycle, stale, afterExpiry, expiresAt).action).toBe("create");
  });

  it("confirms once: received, confirmedAt, no expiry; a pending change is applied as the next revision", () => {
    const first = confirmed();
    expect(first).toMatchObject({ status: "received", confirmedAt: now, expiresAt: null, revision: 1 });
    expect(confirmApplication(first, later).outcome).toBe("unchanged");
    const pending = decideIntake(changed, cycle, { ...first, status: "waitlisted" }, later, expiresAt).application;
    const applied = confirmApplication(pending, later, pendingVersion(pending.pendingChange!));
    expect(applied).toMatchObject({
      outcome: "changed",
      application: { status: "waitlisted", availability: "Divendres", revision: 2, pendingChange: null },
    });
  });

  it("confirms a pending change only as the page showed it, only where a correction is allowed, and discards it", () => {
    const first = confirmed();
    const shown = decideIntake(changed, cycle, first, later, expiresAt).application;
    const swapped = decideIntake(
      { ...changed, description: "Una altra cosa" },
      cycle,
      { ...first, pendingChange: null },
      new Date(later.getTime() + 1000),
      expiresAt,
    ).application;
    expect(confirmApplication(swapped, later, pendingVersion(shown.pendingChange!)).outcome).toBe("stale");
    expect(confirmApplication(swapped, later).outcome).toBe("stale");
    const matched = { ...shown, status: "matched" as const };
    expect(confirmApplication(matched, later, pendingVersion(shown.pendingChange!)).outcome).toBe("refused");
    expect(discardPendingChange(shown, later)).toMatchObject({
      outcome: "changed",
      application: { pendingChange: null },
    });
    expect(discardPendingChange(first, later).outcome).toBe("unchanged");
  });

  it("corrects only while it can still change, never the address", () => {
    const stored = confirmed();
    const other = submittedFields(parsed({ ...valid, email: "altre@example.cat", position: "Cap" }), member, topics);
    const corrected = correctApplication(stored, other, later);
    expect(corrected).toMatchObject({
      outcome: "changed",
      application: { person: { email: "jordi.vila@manresa.example", position: "Cap" }, revision: 2 },
    });
    expect(correctApplication(stored, submitted, later).outcome).toBe("unchanged");
    expect(correctApplication({ ...stored, status: "matched" }, other, later).outcome).toBe("refused");
    expect(correctApplication(created(), other, later).outcome).toBe("refused");
  });

  it("lets someone who withdrew come back with the same data, once they confirm it", () => {
    const withdrawn = withdrawApplication(confirmed(), later).application;
    const again = decideIntake(submitted, cycle, withdrawn, later, expiresAt);
    expect(again.action).toBe("pending");
    expect(
      confirmApplication(again.application, later, pendingVersion(again.application.pendingChange!)),
    ).toMatchObject({
      outcome: "changed",
      application: { status: "received", withdrawnAt: null, pendingChange: null },
    });
  });

  it("withdraws a confirmed application once; an unconfirmed one just expires", () => {
    const withdrawn = withdrawApplication(confirmed(), later);
    expect(withdrawn).toMatchObject({ outcome: "changed", application: { status: "withdrawn", withdrawnAt: later } });
    expect(withdrawApplication(withdrawn.application, later).outcome).toBe("unchanged");
    expect(withdrawApplication(created(), later).outcome).toBe("refused");
  });
});
