/** docs/design.md §11: CSV exports as a Catalan-locale spreadsheet opens them, parsed back. */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ExportRequest } from "../../functions/src/domain/exports.ts";
import { callsDue, contactsOf } from "../../functions/src/domain/programme.ts";
import { partFilename, partMailId, renderedInParts } from "../../functions/src/domain/mail.ts";
import { assessmentRows, exportCsv } from "../../functions/src/views/exportCsv.ts";

const at = new Date("2026-11-02T08:30:00Z"); // 09:30 in Madrid

describe("CSV exports", () => {
  const csv = exportCsv(
    "applications",
    [
      {
        id: "2026-mentee-a",
        kind: "mentee",
        cycle: "2026",
        status: "received",
        person: { name: "Laia; Ferrer", email: "laia@olot.example", position: '=HYPERLINK("http://x")' },
        municipality: { name: "Olot", comarca: "Garrotxa" },
        topicLabels: ["Comerç just", "Cures"],
        description: 'Diu "hola"\nen dues línies',
        modes: ["presencial", "virtual"],
        slots: ["dl-mati", "dc-tarda"],
        createdAt: at,
      },
    ],
    "Europe/Madrid",
  );

  it("starts with a BOM and separates with semicolons", () => {
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.split("\r\n")[0]).toContain("Referència;Tipus;Cicle;Estat;Nom;Adreça electrònica");
  });

  it("parses back to one row per document, with labels, local dates and no live formula", () => {
    const rows = parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Referència: "2026-mentee-a",
      Tipus: "rebre mentoria",
      Nom: "Laia; Ferrer",
      Càrrec: '\'=HYPERLINK("http://x")',
      Temes: "Comerç just, Cures",
      "Necessitats, experiència o pregunta": 'Diu "hola"\nen dues línies',
      Modalitats: "Presencial, Virtual (videotrucada)",
      Disponibilitat: "dilluns al matí i dimecres a la tarda",
      Enviada: "02/11/2026 09:30",
      Confirmada: "",
    });
    expect(rows[0]!.Estat).not.toBe("received");
  });

  it("writes one assessment per row, with a decimal comma", () => {
    const rows = assessmentRows([
      {
        id: "p1",
        cycle: "2026",
        mentee: { name: "Laia", municipality: { name: "Olot" } },
        mentor: { name: "Marta", municipality: { name: "Vic" } },
        assessments: { mentee: { score: 5, comments: "+ útil", submittedAt: at } },
      },
    ]);
    const parsed = parse(exportCsv("assessments", rows, "Europe/Madrid"), { bom: true, delimiter: ";", columns: true });
    expect(parsed).toEqual([
      {
        Mentoria: "p1",
        Cicle: "2026",
        "Qui valora": "persona acompanyada",
        Nom: "Laia",
        Municipi: "Olot",
        "Valoració (1 a 5)": "5",
        Comentaris: "'+ útil",
        Data: "02/11/2026 09:30",
      },
    ]);
    expect(exportCsv("advisory", [{ id: "g", hoursPlanned: 1.5 }], "Europe/Madrid")).toContain(";1,5;");
  });

  it("refuses a request it cannot serve, saying what is accepted", () => {
    const refused = ExportRequest.safeParse({ dataset: "people", cycle: "26" });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.message)).toEqual([
      "dataset ha de ser un d'aquests: applications, pairings, sessions, advisory, assessments.",
      'cycle ha de ser un any, com ara "2026".',
    ]);
  });
});

describe("the call for applications, decided", () => {
  const cycle = {
    id: "2031",
    applicationsOpenAt: new Date("2031-09-01T00:00:00Z"),
    applicationsCloseAt: new Date("2031-09-30T00:00:00Z"),
    matchingAt: new Date("2031-10-15T00:00:00Z"),
    startsAt: new Date("2031-11-03T00:00:00Z"),
  };
  const reminderFrom = new Date("2031-09-23T00:00:00Z");
  it("owes the call while open, the reminder in the last week, nothing once sent or closed", () => {
    expect(callsDue(cycle, new Date("2031-08-31T00:00:00Z"), reminderFrom)).toEqual([]);
    expect(callsDue(cycle, new Date("2031-09-01T00:00:00Z"), reminderFrom)).toEqual(["call"]);
    expect(callsDue(cycle, new Date("2031-09-24T00:00:00Z"), reminderFrom)).toEqual(["call", "reminder"]);
    const sent = { ...cycle, callSentAt: new Date(), reminderSentAt: new Date() };
    expect(callsDue(sent, new Date("2031-09-24T00:00:00Z"), reminderFrom)).toEqual([]);
    expect(callsDue(cycle, new Date("2031-09-30T00:00:00Z"), reminderFrom)).toEqual([]);
  });
  it("writes to a member's valid addresses, once each", () => {
    expect(
      contactsOf({ id: "m", name: "M", active: true, contacts: ["A@x.example", "a@x.example ", "no", ""] }),
    ).toEqual(["a@x.example"]);
    expect(contactsOf({ id: "m", name: "M", active: true })).toEqual([]);
  });
});

describe("a file too large for one outbox document", () => {
  const docs = Array.from({ length: 40 }, (_, i) => ({
    id: `2026-mentee-${String(i).padStart(2, "0")}`,
    kind: "mentee",
    status: "received",
    description: `Línia ${i}\n${"x".repeat(1000)}`,
  }));
  const render = (part: readonly (typeof docs)[number][]) => exportCsv("applications", part, "Europe/Madrid");

  it("goes in whole parts under the limit: each a CSV with its header, every row once, in order", () => {
    const parts = renderedInParts(docs, render, 10_000);
    expect(parts.length).toBeGreaterThan(1);
    const rows = parts.flatMap((csv) => {
      expect(Buffer.byteLength(csv)).toBeLessThanOrEqual(10_000);
      return parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    });
    expect(rows.map((r) => r["Referència"])).toEqual(docs.map((d) => d.id));
  });

  it("stays one file, with the same id and name, when it fits", () => {
    expect(renderedInParts(docs, render)).toEqual([render(docs)]);
    expect(partMailId("export-e1", { n: 1, of: 1 })).toBe("export-e1");
    expect(partMailId("export-e1", { n: 2, of: 3 })).toBe("export-e1-part-2");
    expect(partFilename("applications-2026.csv", { n: 1, of: 1 })).toBe("applications-2026.csv");
    expect(partFilename("applications-2026.csv", { n: 2, of: 3 })).toBe("applications-2026-2de3.csv");
  });
});
