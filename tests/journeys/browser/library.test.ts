/**
 * docs/design.md §12: the network's library in a real browser — a fitxa written on the
 * participant page, published in the console, read by anyone; drafts never;
 * the anonymous option; the Atom feed parsed back; WCAG 2.1 AA, no JavaScript needed.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchBrowser, wcagViolations } from "../../helpers/browser.ts";
import { db, resetAll, urls, waitFor } from "../../helpers/emulator.ts";
import { acceptedMentorship, pairing } from "../../helpers/mentorship.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(() => resetAll());

/** A mentee writes the fitxa on their page, a month before the end, ticking the naming box or not. */
async function fitxaWritten(tag: string, nameAuthors: boolean, javaScriptEnabled: boolean) {
  const { id, menteeLink } = await acceptedMentorship(tag);
  await db.doc(`pairings/${id}`).update({ endsAt: new Date(Date.now() + 30 * 86_400_000) });
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(menteeLink);
  const form = page.getByRole("region", { name: "Documenta la mentoria (fitxa)" });
  await form.getByLabel("Objectius").fill(`Objectius de ${tag}`);
  await form.getByLabel("Activitats").fill("Dues visites i un taller");
  await form.getByLabel("Resultats").fill("Una comunitat energètica en marxa");
  await form.getByLabel("Aprenentatges").fill("Començar petit");
  if (nameAuthors) await form.getByLabel(/Es pot publicar el meu nom/).check();
  await form.getByRole("button", { name: "Envia la fitxa" }).click();
  await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Hem rebut la fitxa");
  await context.close();
  const materialId = `mentorship-${id}`;
  await waitFor(async () => (await db.doc(`materials/${materialId}`).get()).exists, "the fitxa stored");
  return { materialId, mentee: (await pairing(id)).mentee as { name: string } };
}

const text = async (path: string) => {
  const response = await fetch(`${urls.site}${path}`);
  return { status: response.status, body: await response.text(), headers: response.headers };
};

describe("the library", () => {
  it("shows a published fitxa to anyone, never a draft, and hides the author unless they agreed", async () => {
    const anonymous = await fitxaWritten("anon", false, false);
    const named = await fitxaWritten("nom", true, true);
    const draft = await fitxaWritten("esborrany", true, false);
    expect((await db.doc(`materials/${anonymous.materialId}`).get()).get("authors")).toEqual([]);

    // Drafts: nowhere.
    expect((await text("/materials")).body).not.toContain("Objectius de");
    expect((await text(`/materials/${draft.materialId}`)).status).toBe(404);

    // The secretariat publishes two in the console.
    for (const { materialId } of [anonymous, named])
      await db.doc(`materials/${materialId}`).update({ status: "published" });

    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${urls.site}/`);
      await page.getByRole("link", { name: "consulta la biblioteca" }).click();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Biblioteca de la xarxa");
      const list = (await page.textContent("main"))!;
      expect(list).toContain("2 materials");
      expect(list).not.toContain(draft.mentee.name);
      // axe runs as a script: checked with JavaScript on (the pages are the same without).
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

      await page.getByLabel("Tema").selectOption({ label: "Comunitats energètiques i transició energètica" });
      await page.getByRole("button", { name: "Filtra" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toContain("2 materials sobre");
      await page.getByLabel("Tema").selectOption({ label: "Monedes socials i locals" });
      await page.getByRole("button", { name: "Filtra" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toContain("cap material publicat sobre");

      await page.goto(`${urls.site}/materials/${anonymous.materialId}`);
      const anonymousPage = (await page.textContent("main"))!;
      expect(anonymousPage).toContain("Objectius de anon");
      expect(anonymousPage).toContain("Olot");
      expect(anonymousPage).not.toContain(anonymous.mentee.name);
      expect(anonymousPage).not.toContain("Autoria");
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

      await page.goto(`${urls.site}/materials/${named.materialId}`);
      expect(await page.textContent("main")).toContain(`Autoria${named.mentee.name}`);
      await context.close();
    }

    // Unpublished: gone at once (Hosting's CDN may keep it five minutes in production, docs/design.md §12).
    await db.doc(`materials/${named.materialId}`).update({ status: "draft" });
    expect((await text(`/materials/${named.materialId}`)).status).toBe(404);
    const listed = await text("/materials");
    expect(listed.body).toContain("1 material,");
    expect(listed.headers.get("cache-control")).toMatch(/s-maxage=\d+/);
  }, 240_000);

  it("publishes an Atom feed that parses and has what RFC 4287 requires", async () => {
    const { materialId } = await fitxaWritten("feed", true, false);
    await db.doc(`materials/${materialId}`).update({ status: "published" });
    await db.doc("materials/advisory-g1").set({
      kind: "advisory",
      groupId: "g1",
      topic: "Moneda social",
      topicIds: ["moneda-social"],
      municipalities: ["Olot", "Tàrrega"],
      questionsAndAnswers: [
        { question: "Com es llança una moneda local?", answer: "Amb el comerç & el mercat <primer>." },
      ],
      status: "published",
      submittedAt: new Date(Date.now() + 1000),
    });
    const feed = await text("/materials/feed.xml");
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${urls.site}/materials`);
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const ns = "http://www.w3.org/2005/Atom";
      const one = (el: Element, name: string) => el.getElementsByTagNameNS(ns, name)[0]?.textContent ?? null;
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName("parsererror").length > 0,
        root: `${root.namespaceURI} ${root.localName}`,
        feed: {
          id: one(root, "id"),
          title: one(root, "title"),
          updated: one(root, "updated"),
          author: one(root, "name"),
        },
        self: [...root.children]
          .find((c) => c.localName === "link" && c.getAttribute("rel") === "self")
          ?.getAttribute("href"),
        entries: [...doc.getElementsByTagNameNS(ns, "entry")].map((e) => ({
          id: one(e, "id"),
          title: one(e, "title"),
          updated: one(e, "updated"),
          link: e.getElementsByTagNameNS(ns, "link")[0]?.getAttribute("href"),
        })),
      };
    }, feed.body);
    expect(parsed.error).toBe(false);
    expect(parsed.root).toBe("http://www.w3.org/2005/Atom feed");
    expect(parsed.feed.id && parsed.feed.title && parsed.feed.author).toBeTruthy();
    expect(Number.isNaN(Date.parse(parsed.feed.updated!))).toBe(false);
    expect(parsed.self).toMatch(/\/materials\/feed\.xml$/);
    // Newest first; ids are permanent links; text arrives unescaped.
    expect(parsed.entries.map((e) => e.title)).toEqual([
      "Preguntes i respostes: Moneda social",
      expect.stringContaining("Fitxa de mentoria"),
    ]);
    for (const entry of parsed.entries) {
      expect(entry.id).toBe(entry.link);
      expect(Number.isNaN(Date.parse(entry.updated!))).toBe(false);
    }
    await page.goto(`${urls.site}/materials/advisory-g1`);
    expect(await page.textContent("main")).toContain("Amb el comerç & el mercat <primer>.");
    await page.context().close();
  }, 120_000);

  it("shows published answers on the advisory form, narrowed to the topics ticked", async () => {
    await db.doc("materials/advisory-g2").set({
      kind: "advisory",
      groupId: "g2",
      topic: "Moneda social",
      topicIds: ["moneda-social"],
      municipalities: ["Olot"],
      questionsAndAnswers: [{ question: "Q", answer: "A" }],
      status: "published",
      submittedAt: new Date(),
    });
    // Without JavaScript: listed.
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await plain.goto(`${urls.site}/sollicitud/assessorament`);
    expect(await plain.getByRole("complementary", { name: "Potser ja hi ha resposta" }).isVisible()).toBe(true);
    await plain.context().close();
    // With JavaScript: only once a matching topic is ticked.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${urls.site}/sollicitud/assessorament`);
    const aside = page.getByRole("complementary", { name: "Potser ja hi ha resposta" });
    expect(await aside.isVisible()).toBe(false);
    await page.getByLabel("Monedes socials i locals").check();
    await expect.poll(() => aside.isVisible()).toBe(true);
    expect(await aside.getByRole("link").textContent()).toBe("Preguntes i respostes: Moneda social");
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
