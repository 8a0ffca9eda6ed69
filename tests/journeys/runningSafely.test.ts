/**
 * docs/design.md §15 through the deployed shape: a bulk delete in the Firestore console
 * (one request to its REST API with twelve deletes) reaches nobody's mailbox until
 * the secretariat releases it, and then each email goes once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { consoleBulkDelete, db, resetAll, waitFor } from "../helpers/emulator.ts";
import { captured, expectCaptured } from "../helpers/mail.ts";
import { mentorshipsInCourse } from "../helpers/mentorship.ts";

beforeEach(() => resetAll());
const cycle = String(new Date().getUTCFullYear());

describe("a mass change in the console", () => {
  it("a bulk delete of twelve mentorships reaches nobody until the secretariat releases it", async () => {
    const ids = await mentorshipsInCourse(12, cycle);
    await consoleBulkDelete(ids.map((id) => `pairings/${id}`));

    const hold = await waitFor(async () => (await db.collection("holds").get()).docs[0], "a hold", 120_000);
    const [notice] = await expectCaptured(`hold-${hold.id}-secretariat`, 1);
    // Made by the change past the limit; the later one joins the same hold.
    expect(notice!.subject).toMatch(/^Correus retinguts: 1[12] canvis en pocs minuts$/);
    // Both people of every mentorship, held: a state only the secretariat's decision ends.
    await waitFor(
      async () => (await db.collection("mail").where("delivery.state", "==", "HELD").get()).size === 24,
      "24 emails held",
      120_000,
    );
    expect(await captured()).toHaveLength(1);

    await db.doc(`holds/${hold.id}`).update({ status: "released" });
    const sent = await expectCaptured("pairing-", 24);
    expect(new Set(sent.flatMap((email) => email.to)).size).toBe(24);
  }, 300_000);
});
