/** docs/design.md §17: last cycle's people invited back with the September call, and renewing with one button. */
import { beforeEach, describe, expect, it } from "vitest";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { consoleApplication, db, resetAll, withTriggersPaused } from "../helpers/emulator.ts";
import { linkSigningKey } from "../helpers/links.ts";
import { captured, expectCaptured } from "../helpers/mail.ts";

beforeEach(() => resetAll());

const cycle = String(new Date().getUTCFullYear());
const lastCycle = String(Number(cycle) - 1);
const lastYear = (kind: "mentor" | "mentee", name: string, status: string) =>
  consoleApplication(
    kind,
    { name, email: `${name.toLowerCase()}@olot.example` },
    {
      cycle: lastCycle,
      status,
      slots: ["dl-mati"],
      ...(kind === "mentor" ? { capacity: 1, municipality: { id: "sabadell", name: "Sabadell" } } : {}),
    },
  );
const renewLink = (text: string) => /(\S+)#renovacio/.exec(text)![1]!;
const renew = (link: string) =>
  fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: "action=renew",
  });

describe("renewal with the September call", () => {
  it("invites last cycle's mentors and unmatched mentees once; one button renews, once per person and cycle", async () => {
    await withTriggersPaused(async () => {
      await db.doc("applications/mentora").set(lastYear("mentor", "Marta", "matched"));
      await db.doc("applications/esperant").set(lastYear("mentee", "Laia", "waitlisted"));
      await db.doc("applications/acompanyada").set(lastYear("mentee", "Pau", "matched"));
      await db.doc("applications/retirada").set(lastYear("mentor", "Jordi", "withdrawn"));
    });
    const opensAt = (await db.doc(`cycles/${cycle}`).get()).get("applicationsOpenAt").toDate() as Date;
    const job = async (at: Date) => (await runDeadlines(at, linkSigningKey())).calls ?? [];
    expect(await job(opensAt)).toContain(`${cycle}:renewal:2`);
    expect((await job(new Date(opensAt.getTime() + 60_000))).filter((c) => c.includes("renewal"))).toEqual([]);
    const [toMentor] = await expectCaptured(`renew-${cycle}-mentora`, 1);
    await expectCaptured(`renew-${cycle}-esperant`, 1);
    expect((await captured()).filter((m) => /renew-.*-(acompanyada|retirada)/.test(m.idempotencyKey ?? ""))).toEqual(
      [],
    );
    expect(toMentor!.subject).toBe(`Tornes a oferir mentoria? Cicle ${cycle} de la XMESS`);

    // The link opens last year's page with the button; opening it changes nothing.
    const link = renewLink(toMentor!.text!);
    const page = await (await fetch(link, { headers: { accept: "text/html" } })).text();
    expect(page).toContain(`Inscriu-me al cicle ${cycle}`);
    const thisCycle = async () =>
      (await db.collection("applications").where("renewedFrom", "==", "mentora").get()).docs;
    expect(await thisCycle()).toEqual([]);

    // Pressed twice at once: one application, confirmed, told once.
    const answers = await Promise.all([renew(link), renew(link)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const [renewed] = await thisCycle();
    expect((await thisCycle()).length).toBe(1);
    expect(renewed!.id).toMatch(new RegExp(`^${cycle}-mentor-`));
    expect(renewed!.data()).toMatchObject({ cycle, status: "received", capacity: 1, slots: ["dl-mati"] });
    expect(((await answers[0]!.json()) as { id: string }).id).toBe(renewed!.id);
    await expectCaptured(`application-${renewed!.id}-r1-applicant`, 1);
    await expectCaptured(`application-${renewed!.id}-r1-secretariat`, 1);

    // Back on last year's page: the new one, linked; as a page, the button leads there too.
    const after = await (await fetch(link, { headers: { accept: "text/html" } })).text();
    expect(after).toContain(`Ja tens una sol·licitud per al cicle ${cycle}`);
    const again = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: "action=renew",
    });
    expect(await again.text()).toContain(`Referència: <strong>${renewed!.id}</strong>`);
  }, 120_000);
});
