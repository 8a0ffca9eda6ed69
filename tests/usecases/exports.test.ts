/** docs/design.md §11: a CSV export asked for with a document, emailed as an attachment, parsed back. */
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import {
  consoleApplication,
  db,
  resetAll,
  validApplication,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { applyConfirmed } from "../helpers/links.ts";
import { expectCaptured } from "../helpers/mail.ts";

beforeEach(() => resetAll());
const cycle = String(new Date().getUTCFullYear());

async function exported(id: string, request: Record<string, unknown>) {
  await db.doc(`exports/${id}`).set(request);
  return waitFor(async () => {
    const doc = (await db.doc(`exports/${id}`).get()).data();
    return doc && doc.status !== undefined && doc.status !== "requested" ? doc : null;
  }, `export ${id}`);
}

describe("a CSV export", () => {
  it("emails the secretariat the cycle's applications, one row per document, opened as a spreadsheet would", async () => {
    const ids = [
      await applyConfirmed(validApplication("mentee", { position: "=2+3" })),
      await applyConfirmed(validApplication("mentor")),
    ];
    const result = await exported("e1", { dataset: "applications", cycle });
    expect(result).toMatchObject({ status: "done", rows: 2 });
    const [email] = await expectCaptured("export-e1", 1);
    expect(email!.to).toEqual(["secretaria@xmess.example"]);
    const file = email!.attachments[0]!;
    expect(file).toMatchObject({ filename: `applications-${cycle}.csv`, contentType: "text/csv; charset=utf-8" });
    const csv = Buffer.from(file.content, "base64").toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r["Referència"]).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      const stored = (await db.doc(`applications/${row["Referència"]}`).get()).data()!;
      expect(row["Adreça electrònica"]).toBe(stored.person.email);
      expect(row["Municipi"]).toBe(stored.municipality.name);
      expect(row["Estat"]).toBe("Confirmada");
      expect(row["Enviada"]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    }
    expect(rows.map((r) => r["Càrrec"])).toContain("'=2+3");
    // Another event on the same document sends nothing more.
    await db.doc("exports/e1").update({ note: "vist" });
    await db.doc("exports/e1").update({ note: "vist de nou" });
    await expectCaptured("export-e1", 1);
  }, 120_000);

  it("sends an export too large for one email in several, each a whole CSV, every row once", async () => {
    const long = "Una necessitat explicada amb molt de detall. ".repeat(70); // about 3 KB a row
    await withTriggersPaused(async () => {
      const batch = db.batch();
      for (let i = 0; i < 400; i++)
        batch.set(db.doc(`applications/gran-${String(i).padStart(3, "0")}`), {
          ...consoleApplication("mentee", { name: `Persona ${i}`, email: `p${i}@olot.example` }, { cycle }),
          description: long,
        });
      await batch.commit();
    });
    const result = await exported("e3", { dataset: "applications", cycle });
    expect(result).toMatchObject({ status: "done", rows: 400 });
    const parts = (await db.collection("mail").where("template", "==", "export").get()).docs;
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(JSON.stringify(part.data()).length).toBeLessThan(1_000_000);
    const emails = await expectCaptured("export-e3", parts.length);
    const rows = emails.flatMap((email) => {
      const csv = Buffer.from(email.attachments[0]!.content, "base64").toString("utf8");
      return (parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[]).map(
        (r) => r["Referència"]!,
      );
    });
    expect(rows.sort()).toEqual(Array.from({ length: 400 }, (_, i) => `gran-${String(i).padStart(3, "0")}`));
  }, 180_000);

  it("refuses a request it cannot serve, in Catalan, and sends nothing", async () => {
    const result = await exported("e2", { dataset: "persones" });
    expect(result.status).toBe("failed");
    expect(result.error).toContain("«dataset»");
    expect((await db.doc("mail/export-e2").get()).exists).toBe(false);
  });

  it("names each advisory group's advisor, the secretariat when none is named (docs/design.md §17)", async () => {
    const now = new Date();
    const base = { topic: "cures", topicLabel: "Cures", status: "done", closesAt: now, createdAt: now, sessions: [] };
    await withTriggersPaused(async () => {
      await db
        .doc("advisoryGroups/amb")
        .set({ ...base, advisor: { name: "Mireia Soler", email: "mireia@manresa.example" } });
      await db.doc("advisoryGroups/sense").set(base);
    });
    expect(await exported("e-adv", { dataset: "advisory" })).toMatchObject({ status: "done", rows: 2 });
    const [email] = await expectCaptured("export-e-adv", 1);
    const csv = Buffer.from(email!.attachments[0]!.content, "base64").toString("utf8");
    const rows = parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(Object.fromEntries(rows.map((r) => [r["Grup"], r["Assessor/a"]]))).toEqual({
      amb: "Mireia Soler",
      sense: "Secretaria tècnica",
    });
  });
});
