/** docs/design.md §11: the September call and its reminder, sent by the daily job once each. */
import { beforeEach, describe, expect, it } from "vitest";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { db, resetAll } from "../helpers/emulator.ts";
import { linkSigningKey } from "../helpers/links.ts";
import { expectCaptured } from "../helpers/mail.ts";

beforeEach(() => resetAll());
const job = (iso: string) => runDeadlines(new Date(iso), linkSigningKey());

describe("the call for applications", () => {
  it("reaches every member's contacts when the window opens and a week before it closes, once each", async () => {
    await db.doc("cycles/2031").set({
      applicationsOpenAt: new Date("2031-09-01T06:00:00Z"),
      applicationsCloseAt: new Date("2031-09-30T20:00:00Z"), // 22:00 in Madrid
      matchingAt: new Date("2031-10-15T06:00:00Z"),
      startsAt: new Date("2031-11-03T07:00:00Z"),
    });
    await db.doc("members/olot").update({ contacts: ["Promocio@Olot.example", "no és una adreça"] });
    await db.doc("members/sabadell").update({ contacts: ["ess@sabadell.example", "alcaldia@sabadell.example"] });

    expect((await job("2031-08-31T08:00:00Z")).calls).toEqual([]);
    expect((await job("2031-09-01T06:00:00Z")).calls).toEqual(["2031:call:2"]);
    expect((await job("2031-09-02T06:00:00Z")).calls).toEqual([]);
    const [olot] = await expectCaptured("call-2031-olot", 1);
    expect(olot!.to).toEqual(["promocio@olot.example"]);
    expect(olot!.subject).toBe("Inscripcions obertes: mentories entre municipis de la XMESS (cicle 2031)");
    expect(olot!.text).toContain("Hola, equip d'Olot:");
    expect(olot!.text).toContain("fins al 30 de setembre");
    expect(olot!.text).toContain("/sollicitud/rebre-mentoria");
    expect(olot!.text).toContain("/sollicitud/oferir-mentoria");
    const [sabadell] = await expectCaptured("call-2031-sabadell", 1);
    expect(sabadell!.to.sort()).toEqual(["alcaldia@sabadell.example", "ess@sabadell.example"]);

    expect((await job("2031-09-23T06:00:00Z")).calls).toEqual([]);
    expect((await job("2031-09-24T06:00:00Z")).calls).toEqual(["2031:reminder:2"]);
    expect((await job("2031-09-25T06:00:00Z")).calls).toEqual([]);
    const [reminder] = await expectCaptured("call-2031-olot-reminder", 1);
    expect(reminder!.subject).toContain("Darrera setmana");
    // Closed: nothing more, ever.
    expect((await job("2031-10-01T06:00:00Z")).calls).toEqual([]);
    await expectCaptured("call-2031-", 4);
  }, 120_000);
});
