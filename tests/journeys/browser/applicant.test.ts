/**
 * The applicant's journey in a real browser (docs/design.md §4a): the link from the
 * confirmation email, then confirm, correct and withdraw on their page, with
 * and without JavaScript, under the site's Content-Security-Policy, WCAG 2.1 AA.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchBrowser, wcagViolations, watchCsp } from "../../helpers/browser.ts";
import { db, postApplication, resetAll, validApplication } from "../../helpers/emulator.ts";
import { applicantLink } from "../../helpers/links.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(() => resetAll());

async function openLink(link: string, javaScriptEnabled: boolean): Promise<{ page: Page; blocked: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "ca-ES" });
  const page = await context.newPage();
  const blocked = watchCsp(page);
  await page.goto(link);
  return { page, blocked };
}

const heading = (page: Page, level: number) => page.getByRole("heading", { level }).first().textContent();
const notice = (page: Page) => page.locator('[role="status"]').first().textContent();
const stored = async (id: string) => (await db.collection("applications").doc(id).get()).data()!;

describe("the applicant's page in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`confirms, corrects and withdraws (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const response = await postApplication(validApplication("mentee"));
      const id = response.json!.id as string;
      const { page, blocked } = await openLink(await applicantLink(id), javaScriptEnabled);

      expect(await heading(page, 1)).toBe("La teva sol·licitud (rebre mentoria)");
      expect(await page.textContent("main")).toContain("Estat: Pendent de confirmar");
      expect((await stored(id)).status).toBe("unconfirmed"); // opening the link changed nothing
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Confirma la sol·licitud" }).click();
      await expect.poll(() => notice(page)).toBe("Fet: hem confirmat la sol·licitud.");
      expect(await page.textContent("main")).toContain("Estat: Confirmada");
      expect((await stored(id)).status).toBe("received");

      await page.getByLabel("Càrrec").fill("Cap del servei de promoció econòmica");
      await page.getByRole("button", { name: "Desa els canvis" }).click();
      await expect.poll(() => notice(page)).toBe("Fet: hem desat els canvis.");
      expect(await stored(id)).toMatchObject({
        person: { position: "Cap del servei de promoció econòmica" },
        revision: 2,
      });
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Retira la sol·licitud" }).click();
      await expect.poll(() => heading(page, 1)).toBe("Vols retirar la sol·licitud?");
      expect((await stored(id)).status).toBe("received"); // asked once more, nothing done yet
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Sí, retira la sol·licitud" }).click();
      await expect.poll(() => notice(page)).toBe("Has retirat la sol·licitud.");
      expect((await stored(id)).status).toBe("withdrawn");
      expect(await page.getByRole("button", { name: "Desa els canvis" }).count()).toBe(0);

      expect(blocked).toEqual([]);
      await page.context().close();
    });
  }

  it("shows a correction's errors beside the fields, without JavaScript too, and stores nothing", async () => {
    const response = await postApplication(validApplication("mentor"));
    const id = response.json!.id as string;
    const link = await applicantLink(id);
    const { page, blocked } = await openLink(link, false);
    await page.getByRole("button", { name: "Confirma la sol·licitud" }).click();
    await expect.poll(() => notice(page)).toBe("Fet: hem confirmat la sol·licitud.");
    await page.getByLabel("Nom i cognoms").fill("");
    await page.locator("#formulari").evaluate((form: HTMLFormElement) => form.setAttribute("novalidate", ""));
    await page.getByRole("button", { name: "Desa els canvis" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await page.locator(".error-summary a").first().textContent()).toBe("Escriu el teu nom i cognoms.");
    expect((await stored(id)).revision).toBe(1);
    await page.context().close();

    const checked = await openLink(link, true);
    expect(await wcagViolations(checked.page)).toEqual([]);
    expect([...blocked, ...checked.blocked]).toEqual([]);
    await checked.page.context().close();
  });

  it("says clearly when the link has been revoked or the application is gone", async () => {
    const response = await postApplication(validApplication("advisory"));
    const id = response.json!.id as string;
    const link = await applicantLink(id);
    await db.collection("applications").doc(id).update({ linkVersion: 1 });
    const revoked = await openLink(link, true);
    expect(await heading(revoked.page, 1)).toBe("Aquest enllaç s'ha substituït");
    expect(await wcagViolations(revoked.page)).toEqual([]);
    await revoked.page.context().close();

    await db
      .collection("applications")
      .doc(id)
      .update({ linkVersion: 0, expiresAt: new Date(Date.now() - 1000) });
    const gone = await openLink(link, true);
    expect(await heading(gone.page, 1)).toBe("Aquesta sol·licitud ja no existeix");
    await gone.page.context().close();
  });
});
