/** A person with a real browser, with and without JavaScript, and WCAG 2.1 AA on every page. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fieldMessages } from "../../../functions/src/domain/application.ts";
import { launchBrowser, wcagViolations } from "../../helpers/browser.ts";
import { count, db, resetAll, urls } from "../../helpers/emulator.ts";
import { capturedFor } from "../../helpers/mail.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(() => resetAll());

async function openPage(path: string, javaScriptEnabled = true, withoutFormScript = false): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "ca-ES" });
  if (withoutFormScript) await context.route("**/js/form.js", (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${urls.site}${path}`);
  return page;
}

async function fillMenteeForm(page: Page, email: string) {
  await page.getByLabel("Nom i cognoms").fill("Laia Ferrer");
  await page.getByLabel("Adreça electrònica").fill(email);
  await page.getByLabel("Càrrec").fill("Tècnica de desenvolupament local");
  await page.getByLabel("Municipi", { exact: true }).selectOption({ label: "Tàrrega" });
  await page.getByLabel("Comunitats energètiques i transició energètica").check();
  await page.getByLabel("Necessitats").fill("Volem crear una comunitat energètica local.");
  // The grid's boxes are named in full ("dimecres a la tarda"), as a screen reader says them.
  await page.getByRole("checkbox", { name: "dimecres a la tarda" }).check();
  await page.getByRole("checkbox", { name: "dilluns al matí" }).check();
  await page.getByLabel("Notes sobre la disponibilitat (opcional)").fill("Cap a l'agost no hi soc.");
  await page.getByLabel("Virtual (videotrucada)").check();
  await page.getByLabel(/He llegit l'avís de privacitat/).check();
}

describe("the mentee form in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`submits and says to check the inbox (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const email = `laia.${javaScriptEnabled ? "js" : "nojs"}@tarrega.example`;
      const page = await openPage("/sollicitud/rebre-mentoria", javaScriptEnabled);
      await fillMenteeForm(page, email);
      await page.getByRole("button", { name: "Envia la sol·licitud" }).click();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Revisa el teu correu per confirmar la sol·licitud");
      expect(await page.textContent("main")).toContain(email);
      expect(await page.textContent("main")).toContain("correu brossa");
      const stored = await db.collection("applications").where("person.email", "==", email).get();
      expect(stored.docs.map((d) => d.get("municipality.name"))).toEqual(["Tàrrega"]);
      expect(stored.docs[0]!.get("status")).toBe("unconfirmed");
      expect(stored.docs[0]!.get("slots")).toEqual(["dl-mati", "dc-tarda"]);
      expect(stored.docs[0]!.get("availability")).toBe("Cap a l'agost no hi soc.");
      await expect
        .poll(async () => (await capturedFor(`application-${stored.docs[0]!.id}-confirm`)).length, { timeout: 60_000 })
        .toBe(1);
      await page.context().close();
    });
  }

  it("with JavaScript, shows the errors before sending and sends nothing", async () => {
    const page = await openPage("/sollicitud/rebre-mentoria");
    await page.getByLabel("Nom i cognoms").fill("Laia Ferrer");
    await page.getByRole("button", { name: "Envia la sol·licitud" }).click();
    const summary = page.locator(".error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const messages = fieldMessages("mentee");
    const links = await summary.locator("a").allTextContents();
    expect(links).toEqual([
      messages.email,
      messages.position,
      messages.municipality,
      messages.topics,
      messages.description,
      messages.slots,
      messages.modes,
      messages.consent,
    ]);
    await summary.getByRole("link", { name: messages.topics }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("topics-0");
    expect(await count("applications")).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("without JavaScript, the server answers with the same summary and keeps the answers", async () => {
    const page = await openPage("/sollicitud/oferir-mentoria", false);
    await page.getByLabel("Nom i cognoms").fill("Oriol Camps");
    await page.locator("form").evaluate((form: HTMLFormElement) => form.setAttribute("novalidate", ""));
    await page.getByRole("button", { name: "Envia la sol·licitud" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await page.locator(".error-summary a").first().textContent()).toBe(fieldMessages("mentor").email);
    expect(await page.getByLabel("Nom i cognoms").inputValue()).toBe("Oriol Camps");
    expect(await count("applications")).toBe(0);
    await page.context().close();
  });
});

describe("the availability grid", () => {
  it("is a table whose every box has a day and a part of the day for headers, ticked ones kept after an error", async () => {
    const page = await openPage("/sollicitud/oferir-mentoria", false);
    const grid = page.getByRole("group", { name: "Quan et va bé trobar-te?" }).getByRole("table");
    expect(await grid.getByRole("columnheader").allTextContents()).toEqual(["Matí", "Tarda"]);
    expect(await grid.getByRole("rowheader").allTextContents()).toEqual([
      "Dilluns",
      "Dimarts",
      "Dimecres",
      "Dijous",
      "Divendres",
    ]);
    expect(await grid.getByRole("checkbox").count()).toBe(10);
    await page.getByRole("checkbox", { name: "divendres a la tarda" }).check();
    await page.locator("form").evaluate((form: HTMLFormElement) => form.setAttribute("novalidate", ""));
    await page.getByRole("button", { name: "Envia la sol·licitud" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await page.getByRole("checkbox", { name: "divendres a la tarda" }).isChecked()).toBe(true);
    expect(await page.locator(".error-summary").textContent()).not.toContain(fieldMessages("mentor").slots);
    expect(await count("applications")).toBe(0);
    await page.context().close();
  });
});

describe("WCAG 2.1 AA", () => {
  it.each([
    "/",
    "/privacitat",
    "/sollicitud/rebre-mentoria",
    "/sollicitud/oferir-mentoria",
    "/sollicitud/assessorament",
    "/enllacos",
    "/no-existeix",
  ])("finds no violations on %s", async (path) => {
    const page = await openPage(path);
    expect(await page.getAttribute("html", "lang")).toBe("ca");
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("finds no violations on the form as the server returns it with errors", async () => {
    // JavaScript stays on for axe, but without the form script the server renders the errors.
    const page = await openPage("/sollicitud/assessorament", true, true);
    await page.locator("form").evaluate((form: HTMLFormElement) => form.setAttribute("novalidate", ""));
    await page.getByRole("button", { name: "Envia la sol·licitud" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("asks for lost links: the server's error beside the field, then the same answer for any address", async () => {
    // The page has no script: what shows is the server's answer (JavaScript stays on for axe only).
    const page = await openPage("/enllacos");
    await page.locator("form").evaluate((form: HTMLFormElement) => form.setAttribute("novalidate", ""));
    await page.getByRole("button", { name: "Envia'm els enllaços" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await page.locator(".error-summary").textContent()).toContain("Escriu una adreça electrònica vàlida");
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByLabel("Adreça electrònica").fill("ningu@olot.example");
    await page.getByRole("button", { name: "Envia'm els enllaços" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Revisa el teu correu");
    expect(await page.textContent("main")).toContain("Si hi ha res a nom d'aquesta adreça, rebràs un correu");
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("finds no violations on the closed form and the check-your-inbox page", async () => {
    const year = String(new Date().getUTCFullYear());
    await db.doc(`cycles/${year}`).update({ applicationsOpenAt: new Date(Date.now() + 30 * 86_400_000) });
    const closed = await openPage("/sollicitud/rebre-mentoria");
    expect(await closed.textContent("main")).toContain("Les inscripcions a la mentoria estan tancades");
    expect(await wcagViolations(closed)).toEqual([]);
    await closed.context().close();

    const page = await openPage("/sollicitud/assessorament");
    await page.getByLabel("Nom i cognoms").fill("Pere Roca");
    await page.getByLabel("Adreça electrònica").fill("pere@olot.example");
    await page.getByLabel("Càrrec").fill("Tècnic");
    await page.getByLabel("Municipi", { exact: true }).selectOption({ label: "Olot" });
    await page.getByLabel("Comerç just i consum responsable").check();
    await page.getByLabel("La pregunta o necessitat concreta").fill("Com fem una fira de comerç just?");
    await page.getByLabel("Presencial").check();
    await page.getByLabel(/He llegit l'avís de privacitat/).check();
    await page.getByRole("button", { name: "Envia la sol·licitud" }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("Revisa el teu correu per confirmar la sol·licitud");
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });
});
