/**
 * docs/design.md §4 and §4a, as a person meets them: through Hosting and the
 * functions the Functions emulator runs from the built code, with Hosting's
 * own headers and caching rules.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { db, postApplication, resetAll, urls, validApplication } from "../helpers/emulator.ts";
import { applicantLink, applyConfirmed, ownerPost } from "../helpers/links.ts";
import { expectCaptured } from "../helpers/mail.ts";

beforeEach(() => resetAll());

describe("applying through the site", () => {
  it("a technician applies, confirms from the emailed link, and the secretariat hears of it once", async () => {
    const body = validApplication("mentee");
    const id = await applyConfirmed(body);
    expect((await db.doc(`applications/${id}`).get()).get("status")).toBe("received");
    const [confirmRequest] = await expectCaptured(`application-${id}-confirm-`, 1);
    expect(confirmRequest!.to).toEqual([body.email]);
    expect(confirmRequest!.text).not.toContain(String(body.name));
    const [notice] = await expectCaptured(`application-${id}-r1-secretariat`, 1);
    expect(notice!.to).toEqual(["secretaria@xmess.example"]);
    const [thanks] = await expectCaptured(`application-${id}-r1-applicant`, 1);
    expect(thanks!.to).toEqual([body.email]);
    // The same click again changes nothing and sends nothing.
    expect((await ownerPost(await applicantLink(id), { action: "confirm" })).status).toBe(200);
    await expectCaptured(`application-${id}-r1-`, 2);
  });

  it("sends the security headers through Hosting on public and token pages", async () => {
    const id = (await postApplication(validApplication("advisory"))).json!.id as string;
    const link = await applicantLink(id);
    for (const [url, referrer] of [
      [`${urls.site}/`, "same-origin"],
      [`${urls.site}/sollicitud/assessorament`, "same-origin"],
      [link, "no-referrer"],
    ] as const) {
      const response = await fetch(url);
      expect(response.headers.get("content-security-policy"), url).toContain("default-src 'self'");
      expect(response.headers.get("referrer-policy"), url).toBe(referrer);
    }
  });
});

describe("pages that do not depend on the request", () => {
  it("let Hosting's CDN keep them a few minutes; errors and unknown pages are never cached", async () => {
    for (const path of ["/", "/privacitat", "/sollicitud/rebre-mentoria", "/sollicitud/assessorament"]) {
      const response = await fetch(`${urls.site}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=60, s-maxage=300");
    }
    const missing = await fetch(`${urls.site}/no-existeix`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
  });
});
