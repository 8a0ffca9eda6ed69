/**
 * docs/design.md §17 from outside: the daily job, run by its scheduler route on the
 * Functions emulator, invites last cycle's mentor back; the link opens her page through
 * Hosting, and its one button makes this cycle's application, confirmed.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  consoleApplication,
  db,
  resetAll,
  runScheduledFunction,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { expectCaptured } from "../helpers/mail.ts";

beforeEach(() => resetAll());

const cycle = String(new Date().getUTCFullYear());

describe("renewal", () => {
  it("invites last cycle's mentor with the September call, and one button renews her application", async () => {
    await withTriggersPaused(() =>
      db.doc("applications/mentora").set(
        consoleApplication(
          "mentor",
          { name: "Marta", email: "marta@sabadell.example" },
          {
            cycle: String(Number(cycle) - 1),
            status: "matched",
            capacity: 1,
            slots: ["dl-mati"],
            municipality: { id: "sabadell", name: "Sabadell" },
          },
        ),
      ),
    );
    await runScheduledFunction("runDeadlines");
    const [invitation] = await expectCaptured(`renew-${cycle}-mentora`, 1);
    const link = /(\S+)#renovacio/.exec(invitation!.text!)![1]!;
    const page = await (await fetch(link, { headers: { accept: "text/html" } })).text();
    expect(page).toContain(`Inscriu-me al cicle ${cycle}`);

    const renewed = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: "action=renew",
    });
    expect(renewed.status).toBe(201);
    const [application] = await waitFor(async () => {
      const found = await db.collection("applications").where("renewedFrom", "==", "mentora").get();
      return found.empty ? null : found.docs;
    }, "the renewed application");
    expect(application!.data()).toMatchObject({ cycle, status: "received", kind: "mentor" });
    expect(await renewed.text()).toContain(`Referència: <strong>${application!.id}</strong>`);
    await expectCaptured(`application-${application!.id}-r1-applicant`, 1);
  });
});
