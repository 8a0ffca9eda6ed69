/**
 * docs/design.md §16, driven from outside: after a run goes out every confirmed applicant
 * of the cycle hears once; `/enllacos` answers the same for everyone and gives the right
 * person working links; a revoked link is replaced; a forgotten confirmation gets one
 * reminder; an advisory request's author hears when it is grouped.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { sendOutcomes } from "../../functions/src/usecases/outcomes.ts";
import { db, postApplication, resetAll, urls, validApplication, waitFor } from "../helpers/emulator.ts";
import { applicantLink, applyAs, applyConfirmed, linkSigningKey } from "../helpers/links.ts";
import { captured, capturedFor, expectCaptured } from "../helpers/mail.ts";
import { acceptedMentorship } from "../helpers/mentorship.ts";
import { readSettings } from "../../functions/src/store/programme.ts";

beforeEach(() => resetAll());

const cycle = String(new Date().getUTCFullYear());
const day = 24 * 60 * 60_000;
const apply = applyAs;
const linksIn = (text: string) =>
  [...text.matchAll(/https?:\/\/\S+\/(?:sollicitud|proposta|mentoria)\/[\w.-]+/g)].map((m) => m[0]);
/** A link from an email, opened on the site in-process (the emails name the configured public address). */
const open = (link: string) => fetch(`${urls.site}${new URL(link).pathname}`);
const askForLinks = (email: string) =>
  fetch(`${urls.site}/enllacos`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin: urls.site },
    body: new URLSearchParams({ email }).toString(),
  });

describe("after a run goes out", () => {
  it("every confirmed applicant of the cycle hears once what it means for them", async () => {
    const laia = await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    const queralt = await apply("mentee", "Queralt", "tarrega", ["habitatge-cooperatiu"]);
    const marta = await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"]);
    const ona = await apply("mentor", "Ona", "girona", ["cures"]);
    await db.doc("matchingRuns/run-1").set({ cycle, status: "requested" });
    await waitFor(async () => (await db.doc("matchingRuns/run-1").get()).get("status") === "done", "the run");
    await db.doc("matchingRuns/run-1").update({ status: "approved" });

    const outcomes = await expectCaptured("outcome-run-1-", 3);
    const to = (id: string) => outcomes.find((email) => email.idempotencyKey === `outcome-run-1-${id}`)!;
    expect(to(laia).subject).toBe("Hem proposat una persona mentora per acompanyar-te");
    expect(to(queralt).subject).toBe("De moment no t'hem pogut proposar cap persona mentora");
    expect(to(queralt).text).toContain("Per què:");
    expect(to(ona).subject).toBe("Gràcies per oferir-te com a persona mentora");
    // Marta's news is her proposal; and each one's page works.
    expect(await capturedFor(`outcome-run-1-${marta}`)).toEqual([]);
    for (const email of outcomes) expect((await open(linksIn(email.text!)[0]!)).status).toBe(200);

    // The event again, twice at once: nobody hears twice.
    const settings = (await readSettings())!;
    const context = { linkKey: linkSigningKey(), settings, now: new Date() };
    await Promise.all([sendOutcomes("run-1", context), sendOutcomes("run-1", context)]);
    await expectCaptured("outcome-run-1-", 3);
  }, 120_000);
});

describe("/enllacos", () => {
  it("answers every address the same, and gives the right person their working links once per request", async () => {
    const { id } = await acceptedMentorship("e");
    const mentee = (await db.doc(`pairings/${id}`).get()).get("mentee") as { email: string; applicationId: string };

    const forNobody = await askForLinks("ningu@olot.example");
    const forMentee = await askForLinks(mentee.email.toUpperCase());
    expect(forNobody.status).toBe(202);
    expect(forMentee.status).toBe(202);
    expect(await forNobody.text()).toBe(await forMentee.text());

    const [email] = await waitFor(async () => {
      const found = (await captured()).filter((e) => e.idempotencyKey?.startsWith("links-request-"));
      return found.length > 0 ? found : null;
    }, "the links email");
    expect(email!.to).toEqual([mentee.email]);
    const links = linksIn(email!.text!);
    expect(links.map((link) => new URL(link).pathname.split("/")[1])).toEqual(["sollicitud", "mentoria"]);
    for (const link of links) expect((await open(link)).status).toBe(200);
    // Nothing to the address with nothing, and one email to the one with links.
    expect((await captured()).filter((e) => e.to.includes("ningu@olot.example"))).toEqual([]);
    expect((await db.collection("mail").get()).docs.filter((d) => d.id.startsWith("links-request-"))).toHaveLength(1);
  }, 120_000);

  it("refuses a malformed address with a Catalan message, and keeps within the mailbox's daily cap", async () => {
    const bad = await askForLinks("no és una adreça");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Escriu una adreça electrònica vàlida");
    const { id } = await acceptedMentorship("c");
    const mentor = (await db.doc(`pairings/${id}`).get()).get("mentor.email") as string;
    // The intake already sent this mailbox its confirmation request today: two more fit in the cap of three.
    for (let i = 0; i < 4; i++) expect((await askForLinks(mentor)).status).toBe(202);
    await waitFor(async () => {
      const sent = (await captured()).filter((e) => e.idempotencyKey?.startsWith("links-request-"));
      return sent.length === 2 ? sent : null;
    }, "two links emails");
    expect((await db.collection("mail").get()).docs.filter((d) => d.id.startsWith("links-request-"))).toHaveLength(2);
  }, 120_000);
});

describe("revoked links are replaced", () => {
  it("raising linkVersion sends the new links once; the old ones answer 410", async () => {
    const { id, menteeLink, mentorLink } = await acceptedMentorship("r");
    const menteeId = (await db.doc(`pairings/${id}`).get()).get("mentee.applicationId") as string;
    const oldPage = await applicantLink(menteeId);

    await db.doc(`pairings/${id}`).update({ linkVersion: 1 });
    const replaced = await expectCaptured(`links-pairings-${id}-v1-`, 2);
    expect((await open(menteeLink)).status).toBe(410);
    expect((await open(mentorLink)).status).toBe(410);
    for (const email of replaced) {
      const [link] = linksIn(email.text!);
      expect((await open(link!)).status).toBe(200);
    }

    await db.doc(`applications/${menteeId}`).update({ linkVersion: 1 });
    const [page] = await expectCaptured(`links-applications-${menteeId}-v1-applicant`, 1);
    expect((await open(oldPage)).status).toBe(410);
    expect((await open(linksIn(page!.text!)[0]!)).status).toBe(200);
  }, 120_000);
});

describe("the reminder to confirm", () => {
  it("goes once, confirmationReminderDays before an unconfirmed application expires", async () => {
    const posted = await postApplication(validApplication("advisory", { email: "oblidadissa@olot.example" }));
    const id = (posted.json as { id: string }).id;
    const expiresAt = ((await db.doc(`applications/${id}`).get()).get("expiresAt") as { toDate: () => Date }).toDate();
    const key = linkSigningKey();
    expect((await runDeadlines(new Date(expiresAt.getTime() - 3 * day), key)).confirmationReminders).toEqual([]);
    expect((await runDeadlines(new Date(expiresAt.getTime() - 2 * day), key)).confirmationReminders).toEqual([id]);
    expect((await runDeadlines(new Date(expiresAt.getTime() - day), key)).confirmationReminders).toEqual([]);
    const [reminder] = await expectCaptured(`application-${id}-confirm-reminder`, 1);
    expect(reminder!.subject).toBe("Recordatori: confirma la teva sol·licitud a la XMESS");
    expect((await open(linksIn(reminder!.text!)[0]!)).status).toBe(200);
  }, 120_000);
});

describe("advisory requests", () => {
  it("tell their author when they join a group, and with how many colleagues", async () => {
    const ask = (municipality: string) =>
      applyConfirmed(
        validApplication("advisory", {
          municipality,
          email: `assessorament@${municipality}.example`,
          topics: ["comerc-just"],
          description: "Com organitzem una fira de comerç just amb el teixit local?",
        }),
      );
    const toldOfGroup = async (applicationId: string) =>
      (
        await waitFor(async () => {
          const found = (await captured()).filter((e) => e.idempotencyKey?.endsWith(`-joined-${applicationId}`));
          return found.length > 0 ? found : null;
        }, `${applicationId}'s author told`)
      )[0]!;
    const first = await ask("olot");
    const opened = await toldOfGroup(first);
    expect(opened.text).toContain("obre un grup nou");
    const second = await ask("vic");
    const joined = await toldOfGroup(second);
    expect(joined.text).toContain("hi ha una persona més d'altres municipis");
    expect((await open(linksIn(joined.text!)[0]!)).status).toBe(200);
  }, 120_000);
});
