/**
 * A participant logs a meeting on their page, with and without JavaScript, and
 * answers a check-in from its email link; the pages meet WCAG 2.1 AA.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isoDay } from "../../../functions/src/domain/time.ts";
import { launchBrowser, wcagViolations } from "../../helpers/browser.ts";
import { db, resetAll, waitFor } from "../../helpers/emulator.ts";
import { acceptedMentorship, pairing } from "../../helpers/mentorship.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(() => resetAll());

describe("the participant page", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`logs a meeting (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { id, menteeLink } = await acceptedMentorship(javaScriptEnabled ? "js" : "nojs");
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(menteeLink);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("La teva mentoria");
      expect(await page.textContent("main")).toContain("0 de 2");
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

      await page.getByLabel("Data de la trobada").fill(isoDay(new Date(), "Europe/Madrid"));
      await page.getByRole("group", { name: "Modalitat" }).getByLabel("Presencial").check();
      await page.getByLabel("Durada (minuts)").fill("90");
      await page.getByRole("button", { name: "Registra la trobada" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toContain("Hem registrat la trobada.");
      await waitFor(async () => (await pairing(id)).meetingCount === 1, "the meeting counted");
      await page.goto(menteeLink);
      expect(await page.textContent("main")).toContain("1 de 2");
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it("answers a check-in from its link with one button, then offers the meeting form dated today", async () => {
    const { id, mentorLink } = await acceptedMentorship("seguiment");
    await db.doc(`pairings/${id}`).update({ checkIns: { "2": { sentAt: new Date(), answers: {} } } });
    // The page has no script: what a browser without JavaScript gets is this.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${mentorLink}?seguiment=2&resposta=met`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Seguiment de la mentoria");
    expect(await wcagViolations(page)).toEqual([]);
    expect((await pairing(id)).checkIns["2"].answers).toEqual({});
    await page.getByRole("button", { name: "Confirma: Ens hem trobat" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Registra aquí sota la trobada");
    expect(await page.getByLabel("Data de la trobada").inputValue()).toBe(isoDay(new Date(), "Europe/Madrid"));
    expect((await pairing(id)).checkIns["2"].answers.mentor.answer).toBe("met");
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("shows errors beside the field and in a summary, and meets WCAG 2.1 AA", async () => {
    const { menteeLink } = await acceptedMentorship("err");
    const page = await (await browser.newContext()).newPage();
    await page.goto(menteeLink);
    await page.getByRole("button", { name: "Registra la trobada" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await page.locator(".error-summary a").allTextContents()).toEqual([
      "Escriu la data com a dia/mes/any, per exemple 20/11/2026.",
      "Tria la modalitat de la trobada.",
      "Indica la durada en minuts (de 15 a 600).",
    ]);
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  });
});
