/** A mentor opens the proposal from the email and clicks Accept, with and without JavaScript. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchBrowser, wcagViolations } from "../../helpers/browser.ts";
import { db, resetAll, waitFor } from "../../helpers/emulator.ts";
import { handMadeProposal } from "../../helpers/mentorship.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(() => resetAll());

const proposal = () =>
  handMadeProposal(
    "a-mà",
    { municipality: "tortosa", topics: ["comerc-just"] },
    { municipality: "reus", topics: ["comerc-just"] },
  );

describe("the proposal page", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`accepts with one click (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { id, link } = await proposal();
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(link);
      expect(await page.textContent("main")).toContain("Tortosa");
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
      expect((await db.collection("pairings").doc(id).get()).get("status")).toBe("proposed");
      await page.getByRole("button", { name: "Accepto la mentoria" }).click();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Gràcies per acceptar la mentoria");
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
      await waitFor(
        async () => (await db.collection("pairings").doc(id).get()).get("status") === "accepted",
        "accepted",
      );
      await page.goto(link);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Ja has acceptat aquesta proposta");
      await context.close();
    });
  }
});
