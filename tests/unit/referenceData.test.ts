/** docs/design.md §15, "Reference data as files": reading, writing and planning, without Firebase. */
import { describe, expect, it } from "vitest";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import {
  canonicalJson,
  membersCsv,
  planImport,
  problemText,
  readMembers,
  readSettings,
  readTopics,
  topicsCsv,
} from "../../scripts/reference-data.ts";

const spreadsheet = [
  "\uFEFFid;nom;comarca;provincia;actiu;contactes",
  "olot;Olot;Garrotxa;Girona;sí;Tecnica@Olot.cat, altra@olot.cat",
  "vic;Vic;Osona;Barcelona;1;",
  "reus;Reus;;;no;",
].join("\r\n");

describe("members.csv as a Catalan spreadsheet saves it", () => {
  it("reads semicolons with a BOM, yes/no in either spelling, contacts by spaces or commas", () => {
    const { rows, problems } = readMembers(spreadsheet);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        id: "olot",
        name: "Olot",
        comarca: "Garrotxa",
        province: "Girona",
        active: true,
        contacts: ["tecnica@olot.cat", "altra@olot.cat"],
      },
      { id: "vic", name: "Vic", comarca: "Osona", province: "Barcelona", active: true, contacts: [] },
      { id: "reus", name: "Reus", active: false, contacts: [] },
    ]);
  });

  it("reads commas too, and writes what it reads back", () => {
    const commas = "id,nom,comarca,provincia,actiu,contactes\nolot,Olot,Garrotxa,Girona,true,a@olot.cat\n";
    expect(readMembers(commas).rows[0]).toMatchObject({ id: "olot", active: true, contacts: ["a@olot.cat"] });
    const { rows } = readMembers(spreadsheet);
    expect(readMembers(membersCsv(rows)).rows).toEqual([...rows].sort((a, b) => a.id.localeCompare(b.id)));
    expect(membersCsv(rows).startsWith("\uFEFFid;nom;comarca;provincia;actiu;contactes\r\n")).toBe(true);
    const topics = [{ id: "cures", label: "Cures; i més", active: true }];
    expect(readTopics(topicsCsv(topics)).rows).toEqual(topics);
  });

  it("names the file, line and column of every problem, and keeps no row of a file with one", () => {
    const bad = [
      "id;nom;comarca;provincia;actiu;contactes",
      "Olot Vella;Olot;;;potser;no-es-adreca",
      "vic;;Osona;;sí;",
      "vic;Vic;Osona;;sí;",
    ].join("\n");
    const { problems } = readMembers(bad);
    expect(problems.map(problemText)).toEqual([
      "members.csv, línia 2, columna «id»: ha de ser un identificador en minúscules, xifres i guions (com ara sant-cugat-del-valles)",
      "members.csv, línia 2, columna «actiu»: ha de ser «sí» o «no»",
      "members.csv, línia 2, columna «contactes»: hi ha una adreça electrònica que no és vàlida",
      "members.csv, línia 3, columna «nom»: hi falta el nom",
    ]);
    expect(readMembers("id;nom\nolot;Olot\n").problems.map(problemText)).toContain(
      "members.csv, línia 1, columna «actiu»: hi falta aquesta columna",
    );
    const repeated = readMembers("id;nom;comarca;provincia;actiu;contactes\nvic;Vic;;;sí;\nvic;Vic;;;no;\n");
    expect(repeated.problems.map(problemText)).toEqual([
      "members.csv, línia 3, columna «id»: repeteix l'identificador de la línia 2",
    ]);
  });

  it("validates settings with the functions' own schema", () => {
    const valid = { secretariatEmail: "s@x.cat", senderEmail: "x@x.cat", publicBaseUrl: "https://x.cat" };
    expect(readSettings(JSON.stringify(valid), ProgrammeSettings).problems).toEqual([]);
    const wrong = readSettings(JSON.stringify({ ...valid, timezone: "Europe/Barcelona" }), ProgrammeSettings);
    expect(wrong.problems[0]).toMatchObject({ file: "settings.json", column: "timezone" });
    expect(readSettings("{", ProgrammeSettings).problems.map(problemText)).toEqual([
      "settings.json: no és un JSON vàlid",
    ]);
  });
});

describe("an import's plan", () => {
  const olot = { id: "olot", name: "Olot", active: true, contacts: [] };
  it("creates, changes and deactivates, and plans nothing the second time", () => {
    const current = [olot, { id: "reus", name: "Reus", active: true, contacts: [] }];
    const incoming = [
      { ...olot, contacts: ["a@olot.cat"] },
      { id: "vic", name: "Vic", active: true, contacts: [] },
    ];
    const plan = planImport(current, incoming);
    expect(plan.create.map((m) => m.id)).toEqual(["vic"]);
    expect(plan.change.map((m) => m.id)).toEqual(["olot"]);
    expect(plan.deactivate).toEqual(["reus"]);
    const after = [...incoming, { id: "reus", name: "Reus", active: false, contacts: [] }];
    expect(planImport(after, incoming)).toEqual({ create: [], change: [], deactivate: [] });
  });
});

describe("comparing settings", () => {
  it("sees a change at any depth, and not a change of key order", () => {
    const before = { privacy: { controllerName: "XMESS", emailRegion: "eu-west-1" }, timezone: "Europe/Madrid" };
    const reordered = { timezone: "Europe/Madrid", privacy: { emailRegion: "eu-west-1", controllerName: "XMESS" } };
    expect(canonicalJson(reordered)).toBe(canonicalJson(before));
    const changed = { ...before, privacy: { ...before.privacy, controllerName: "Consell Comarcal" } };
    expect(canonicalJson(changed)).not.toBe(canonicalJson(before));
  });
});
