/** docs/design.md §7: advisory requests from the form end up in sensible shared groups; one console edit sends invitations. */
import ICAL from "ical.js";
import { beforeEach, describe, expect, it } from "vitest";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { assignToGroup } from "../../functions/src/usecases/advisory.ts";
import { count, db, postApplication, resetAll, validApplication, waitFor } from "../helpers/emulator.ts";
import { applyConfirmed, linkSigningKey } from "../helpers/links.ts";
import { capturedFor, expectCaptured } from "../helpers/mail.ts";

beforeEach(() => resetAll());

async function ask(topics: string[], description: string, municipality = "vic", extra: Record<string, unknown> = {}) {
  return applyConfirmed(validApplication("advisory", { topics, description, municipality, ...extra }), {
    direct: true,
  });
}

const groupOf = (applicationId: string) =>
  waitFor(
    async () => (await db.collection("applications").doc(applicationId).get()).get("groupId") as string | undefined,
    `${applicationId} grouped`,
  );
const group = async (id: string) => (await db.collection("advisoryGroups").doc(id).get()).data()!;

describe("grouping", () => {
  it("puts similar requests together, explains why, and opens a group for a lone one", async () => {
    const a = await ask(["contractacio-responsable"], "Com incloure clàusules socials al contracte de neteja?", "vic");
    const b = await ask(["contractacio-responsable"], "Clàusules socials en els contractes de jardineria", "olot");
    const c = await ask(["finances-etiques"], "Volem posar clàusules socials al contracte de neteja viària", "reus");
    const d = await ask(["moneda-social"], "Com llançar una moneda local?", "tortosa");
    const [ga, gb, gc, gd] = [await groupOf(a), await groupOf(b), await groupOf(c), await groupOf(d)];
    // A request its owner never confirmed (docs/design.md §4a) joins no group, even offered directly.
    const unconfirmed = await postApplication(
      validApplication("advisory", {
        topics: ["contractacio-responsable"],
        description: "Clàusules socials a la neteja",
        municipality: "tarrega",
      }),
    );
    const unconfirmedId = unconfirmed.json!.id as string;
    await assignToGroup(unconfirmedId, linkSigningKey(), new Date());
    expect((await db.collection("applications").doc(unconfirmedId).get()).get("groupId")).toBeUndefined();
    expect(gb).toBe(ga);
    expect(gc).toBe(ga); // another topic, but a similar question
    expect(gd).not.toBe(ga);
    const shared = await group(ga);
    expect(shared).toMatchObject({
      topic: "contractacio-responsable",
      status: "open",
      hoursPlanned: 4,
      requestIds: [a, b, c],
      municipalities: ["Vic", "Olot", "Reus"],
    });
    expect(shared.closesAt.toMillis() - shared.createdAt.toMillis()).toBeGreaterThanOrEqual(20 * 86_400_000);
    const reasons = await Promise.all(
      [a, b, c].map(async (id) => (await db.collection("applications").doc(id).get()).get("groupReason") as string),
    );
    expect(reasons[0]).toMatch(/^No hi havia cap grup obert/);
    expect(reasons[1]).toMatch(/^Comparteix el tema «Contractació pública responsable i clàusules socials»/);
    expect(reasons[2]).toMatch(/^La pregunta s'assembla a les del grup/);
    expect((await group(gd)).requestIds).toEqual([d]);
  });

  // Fourteen at once fill two groups of six and start a third: every way a request can join.
  it("keeps 14 simultaneous requests on one topic in consistent groups: none lost, none twice, none over the limit", async () => {
    const ids = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        ask(["energia-comunitaria"], `Comunitat energètica al barri ${i}`, i % 2 ? "vic" : "olot", {
          name: `Persona ${i}`,
        }),
      ),
    );
    await Promise.all(ids.map(groupOf));
    const groups = (await db.collection("advisoryGroups").get()).docs.map((d) => ({ id: d.id, ...d.data() })) as {
      id: string;
      requestIds: string[];
    }[];
    const members = groups.flatMap((g) => g.requestIds);
    expect(members.sort()).toEqual([...ids].sort());
    expect(groups.every((g) => g.requestIds.length <= 6)).toBe(true);
    expect(groups.map((g) => g.requestIds.length).sort()).toEqual([2, 6, 6]);
    for (const g of groups) {
      for (const id of g.requestIds)
        expect((await db.collection("applications").doc(id).get()).get("groupId")).toBe(g.id);
    }
  }, 180_000);

  it("lets the secretariat move a request by editing its groupId; both groups follow", async () => {
    const a = await ask(["contractacio-responsable"], "Clàusules socials a la neteja", "vic");
    const b = await ask(["contractacio-responsable"], "Clàusules socials al contracte de jardineria", "olot");
    const c = await ask(["moneda-social"], "Moneda local", "reus");
    const [from, to] = [await groupOf(a), await groupOf(c)];
    expect(await groupOf(b)).toBe(from);
    await db.collection("applications").doc(b).update({ groupId: to });
    const members = async (groupId: string) => [...((await group(groupId)).requestIds as string[])].sort();
    await waitFor(async () => JSON.stringify(await members(to)) === JSON.stringify([b, c].sort()), "the new group");
    await waitFor(async () => JSON.stringify(await members(from)) === JSON.stringify([a]), "the old group");
    expect([...(await group(to)).municipalities].sort()).toEqual(["Olot", "Reus"]);
    expect((await group(from)).municipalities).toEqual(["Vic"]);
  });
});

describe("window, scheduling, hours, materials", () => {
  it("closes the window (daily job), then one console edit sends calendar invitations; updates and cancellations keep the UID", async () => {
    const a = await ask(["cures"], "Cooperatives de cures a domicili", "vic", { email: "anna@vic.example" });
    const b = await ask(["cures"], "Com impulsar cooperatives de cures", "olot", { email: "biel@olot.example" });
    const id = await groupOf(a);
    expect(await groupOf(b)).toBe(id);
    const closesAt = (await group(id)).closesAt.toDate() as Date;
    expect((await runDeadlines(new Date(closesAt.getTime() - 1000), linkSigningKey())).groupsReady).toEqual([]);
    expect((await runDeadlines(closesAt, linkSigningKey())).groupsReady).toEqual([id]);
    expect((await runDeadlines(closesAt, linkSigningKey())).groupsReady).toEqual([]);
    expect((await group(id)).status).toBe("ready");
    const [notice] = await expectCaptured(`advisory-${id}-ready-secretariat`, 1);
    expect(notice!.text).toContain("Cooperatives de cures a domicili");
    expect(notice!.text).toContain("anna@vic.example");

    const sessions = [
      {
        startsAt: new Date("2027-01-12T09:00:00Z"),
        durationMinutes: 120,
        mode: "virtual",
        place: "https://meet.example/cures",
      },
      { startsAt: new Date("2027-01-19T09:00:00Z"), durationMinutes: 120, mode: "presencial", place: "Ateneu de Vic" },
    ];
    await db.collection("advisoryGroups").doc(id).update({ sessions, status: "scheduled" });
    const invites = await expectCaptured(`advisory-${id}-s`, 4);
    const forAnna = invites.filter((m) => m.to[0] === "anna@vic.example");
    expect(forAnna).toHaveLength(2);
    expect(forAnna.map((m) => m.attachments.map((x) => x.filename)).sort()).toEqual([
      ["sessio-1.ics"],
      ["sessio-2.ics"],
    ]);
    const parsed = async (mailId: string) => {
      const mail = (await db.collection("mail").doc(mailId).get()).data()!;
      const calendar = new ICAL.Component(
        ICAL.parse(Buffer.from(mail.attachments[0].content, "base64").toString("utf8")),
      );
      ICAL.TimezoneService.register(calendar.getFirstSubcomponent("vtimezone")!);
      return {
        method: calendar.getFirstPropertyValue("method"),
        event: new ICAL.Event(calendar.getFirstSubcomponent("vevent")!),
        calendar,
      };
    };
    const first = await parsed(`advisory-${id}-s1-v0-${a}`);
    expect(first.method).toBe("REQUEST");
    expect(first.event.uid).toBe(`${id}-sessio-1@xmess`);
    expect(first.event.startDate.toJSDate()).toEqual(sessions[0]!.startsAt);
    expect(first.event.attendees.map((p) => String(p.getFirstValue())).sort()).toEqual([
      "mailto:anna@vic.example",
      "mailto:biel@olot.example",
    ]);

    // Move the second session: an update with the same UID and a higher SEQUENCE; nothing for the first.
    const moved = [sessions[0], { ...sessions[1]!, startsAt: new Date("2027-01-26T09:00:00Z") }];
    await db.collection("advisoryGroups").doc(id).update({ sessions: moved });
    await expectCaptured(`advisory-${id}-s2-v1-`, 2);
    const update = await parsed(`advisory-${id}-s2-v1-${a}`);
    expect(update.event.uid).toBe(`${id}-sessio-2@xmess`);
    expect(update.event.sequence).toBe(1);
    expect(update.event.startDate.toJSDate()).toEqual(new Date("2027-01-26T09:00:00Z"));
    expect(await capturedFor(`advisory-${id}-s1-v1`)).toHaveLength(0);

    // Drop the second session: a cancellation.
    await db
      .collection("advisoryGroups")
      .doc(id)
      .update({ sessions: [sessions[0]] });
    await expectCaptured(`advisory-${id}-s2-cancel2-`, 2);
    const cancel = await parsed(`advisory-${id}-s2-cancel2-${b}`);
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.event.uid).toBe(`${id}-sessio-2@xmess`);

    // Done, with questions and answers: hours delivered and a material to share.
    await db
      .collection("advisoryGroups")
      .doc(id)
      .update({
        status: "done",
        questionsAndAnswers: [{ question: "Quina forma jurídica?", answer: "Cooperativa d'iniciativa social." }],
      });
    await waitFor(async () => (await db.doc(`materials/advisory-${id}`).get()).exists, "the material");
    expect((await db.doc(`materials/advisory-${id}`).get()).data()).toMatchObject({
      kind: "advisory",
      status: "draft",
      municipalities: ["Vic", "Olot"],
    });
    const year = String(new Date().getUTCFullYear());
    await waitFor(
      async () => (await db.doc("reports/advisoryHours").get()).get(`years.${year}.groupsDone`) === 1,
      "the hours report",
    );
    expect((await db.doc("reports/advisoryHours").get()).get(`years.${year}`)).toEqual({
      groups: 1,
      groupsDone: 1,
      plannedHours: 4,
      deliveredHours: 2,
      deliveredHoursByAdvisor: { "Secretaria tècnica": 2 },
    });
    expect(await count("advisoryGroups")).toBe(1);
  }, 180_000);

  it("an advisor named on the group gets the invitations and their updates, organises them, and is credited with the hours", async () => {
    const a = await ask(["cures"], "Cooperatives de cures a domicili", "vic", { email: "anna@vic.example" });
    const id = await groupOf(a);
    const advisor = { name: "Mireia Soler", email: "mireia@manresa.example" };
    const session = { startsAt: new Date("2027-02-02T09:00:00Z"), durationMinutes: 90, mode: "virtual", place: "" };
    await db.doc(`advisoryGroups/${id}`).update({ advisor, sessions: [session], status: "scheduled" });
    const [invitation] = await expectCaptured(`advisory-${id}-s1-v0-advisor-`, 1);
    expect(invitation!.to).toEqual([advisor.email]);
    expect(invitation!.text).toContain("Hola, Mireia Soler:");
    const ics = Buffer.from(invitation!.attachments[0]!.content, "base64").toString("utf8");
    expect(ics).toMatch(/ORGANIZER[^:]*:mailto:mireia@manresa\.example/);
    expect((await capturedFor(`advisory-${id}-s1-v0-${a}`))[0]!.text).toContain("Farà l'assessorament Mireia Soler.");

    // An update reaches the advisor too.
    await db
      .doc(`advisoryGroups/${id}`)
      .update({ sessions: [{ ...session, startsAt: new Date("2027-02-09T09:00:00Z") }] });
    await expectCaptured(`advisory-${id}-s1-v1-advisor-`, 1);

    await db.doc(`advisoryGroups/${id}`).update({ status: "done" });
    const year = String(new Date().getUTCFullYear());
    await waitFor(
      async () => (await db.doc("reports/advisoryHours").get()).get(`years.${year}.groupsDone`) === 1,
      "the hours credited",
    );
    expect((await db.doc("reports/advisoryHours").get()).get(`years.${year}.deliveredHoursByAdvisor`)).toEqual({
      "Mireia Soler": 1.5,
    });
  });
});
