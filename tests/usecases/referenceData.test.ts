/**
 * docs/design.md §15, "Reference data as files": `npm run data` export and import
 * against the Firestore emulator, as the go-live engineer runs them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { exportData, importData } from "../../scripts/data.ts";
import { db, resetAll } from "../helpers/emulator.ts";

beforeEach(() => resetAll());

const folder = () => mkdtempSync(path.join(tmpdir(), "xmess-data-"));
const members = async () =>
  Object.fromEntries((await db.collection("members").get()).docs.map((d) => [d.id, d.data()]));

describe("npm run data", () => {
  it("exports a project's reference data and imports it back without a change", async () => {
    const dir = folder();
    await exportData(db, dir);
    expect(readFileSync(path.join(dir, "members.csv"), "utf8")).toMatch(
      /^\uFEFFid;nom;comarca;provincia;actiu;contactes/,
    );
    const before = await members();
    const again = await importData(db, dir, ProgrammeSettings, false);
    expect(again).toMatchObject({ ok: true, lines: [] });
    expect(await members()).toEqual(before);
  });

  it("imports what the files say once — a dry run writes nothing, the same files twice change nothing", async () => {
    const dir = folder();
    await exportData(db, dir);
    const csv = readFileSync(path.join(dir, "members.csv"), "utf8");
    writeFileSync(
      path.join(dir, "members.csv"),
      `${csv.trimEnd()}\r\nbanyoles;Banyoles;Pla de l'Estany;Girona;sí;Tecnica@Banyoles.cat\r\n`,
    );
    const dry = await importData(db, dir, ProgrammeSettings, true);
    expect(dry.lines).toEqual(["crea members/banyoles"]);
    expect((await db.doc("members/banyoles").get()).exists).toBe(false);

    expect((await importData(db, dir, ProgrammeSettings, false)).lines).toEqual(["crea members/banyoles"]);
    expect((await db.doc("members/banyoles").get()).data()).toEqual({
      name: "Banyoles",
      comarca: "Pla de l'Estany",
      province: "Girona",
      active: true,
      contacts: ["tecnica@banyoles.cat"],
    });
    expect((await importData(db, dir, ProgrammeSettings, false)).lines).toEqual([]);
  });

  it("writes nothing when any row of any file is wrong, and says where", async () => {
    const dir = folder();
    await exportData(db, dir);
    const before = await members();
    writeFileSync(path.join(dir, "topics.csv"), "id;etiqueta;actiu\ncures;Cures;potser\n");
    writeFileSync(path.join(dir, "members.csv"), "id;nom;comarca;provincia;actiu;contactes\nnou;Nou;;;sí;\n");
    const result = await importData(db, dir, ProgrammeSettings, false);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { file: "topics.csv", line: 2, column: "actiu", message: "ha de ser «sí» o «no»" },
    ]);
    expect(await members()).toEqual(before);
  });
});
