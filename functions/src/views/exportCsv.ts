/**
 * The CSV files of docs/design.md §11, as a Catalan-locale spreadsheet opens them:
 * UTF-8 with a BOM, `;` between cells, human labels as headers, dates as local
 * date-times, and any cell a spreadsheet would run as a formula neutralised
 * (csv-stringify's `escape_formulas`: a leading `'`).
 */
import { stringify } from "csv-stringify/sync";
import { secretariatAdvisor } from "../domain/advisory";
import type { ExportDataset } from "../domain/exports";
import { slotsPhrase } from "../domain/slots";
import { localDateTime } from "../domain/time";
import { applicationStatusLabels, kindLabels, modeLabels, pairingStatusLabels, roleLabels } from "./labels";

type Doc = Record<string, unknown> & { id: string };
type Cell = string | number | Date | null | undefined;
type Column = [label: string, value: (doc: Doc) => Cell];

const at = (doc: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), doc);
const text = (path: string) => (doc: Doc) => {
  const v = at(doc, path);
  return typeof v === "string" || typeof v === "number" ? v : v instanceof Date ? v : null;
};
const list = (path: string) => (doc: Doc) => {
  const v = at(doc, path);
  return Array.isArray(v) ? v.map(String).join(", ") : null;
};
const labelled =
  <K extends string>(path: string, labels: Partial<Record<K, string>>) =>
  (doc: Doc) => {
    const v = at(doc, path);
    return typeof v === "string" ? (labels[v as K] ?? v) : null;
  };
const modes = (path: string) => (doc: Doc) => {
  const v = at(doc, path);
  return Array.isArray(v) ? v.map((m) => modeLabels[m as keyof typeof modeLabels] ?? String(m)).join(", ") : null;
};
const topics = (doc: Doc) => list("topicLabels")(doc) || list("topics")(doc);
const kinds = Object.fromEntries(Object.entries(kindLabels).map(([k, v]) => [k, v.short]));

export const exportColumns: Record<ExportDataset, Column[]> = {
  applications: [
    ["Referència", (d) => d.id],
    ["Tipus", labelled("kind", kinds)],
    ["Cicle", text("cycle")],
    ["Estat", labelled("status", applicationStatusLabels)],
    ["Nom", text("person.name")],
    ["Adreça electrònica", text("person.email")],
    ["Càrrec", text("person.position")],
    ["Municipi", text("municipality.name")],
    ["Comarca", text("municipality.comarca")],
    ["Temes", topics],
    ["Necessitats, experiència o pregunta", text("description")],
    ["Modalitats", modes("modes")],
    ["Disponibilitat", (d) => (Array.isArray(d.slots) ? slotsPhrase(d.slots.map(String)) : null)],
    ["Notes de disponibilitat", text("availability")],
    ["Places (mentores)", text("capacity")],
    ["Enviada", text("createdAt")],
    ["Confirmada", text("confirmedAt")],
  ],
  pairings: [
    ["Referència", (d) => d.id],
    ["Cicle", text("cycle")],
    ["Estat", labelled("status", pairingStatusLabels)],
    ["Persona mentora", text("mentor.name")],
    ["Municipi de la mentora", text("mentor.municipality.name")],
    ["Persona acompanyada", text("mentee.name")],
    ["Municipi de l'acompanyada", text("mentee.municipality.name")],
    ["Puntuació", text("score")],
    ["Trobades", text("meetingCount")],
    ["Proposada", text("proposedAt")],
    ["Acceptada", text("acceptedAt")],
    ["Inici", text("startsAt")],
    ["Finalització", text("endsAt")],
    ["Motiu d'anul·lació", text("cancelReason")],
  ],
  sessions: [
    ["Referència", (d) => d.id],
    ["Mentoria", text("pairingId")],
    ["Cicle", text("cycle")],
    ["Data", text("date")],
    ["Modalitat", labelled("mode", modeLabels)],
    ["Durada (minuts)", text("durationMinutes")],
    ["Registrada per", labelled("recordedBy", { ...roleLabels, secretariat: "secretaria" })],
    ["Notes", text("notes")],
  ],
  advisory: [
    ["Grup", (d) => d.id],
    ["Tema", (d) => text("topicLabel")(d) || text("topic")(d)],
    ["Estat", text("status")],
    ["Municipis", list("municipalities")],
    ["Peticions", (d) => (Array.isArray(d.requestIds) ? d.requestIds.length : 0)],
    ["Assessor/a", (d) => text("advisor.name")(d) || secretariatAdvisor],
    ["Hores previstes", text("hoursPlanned")],
    ["Sessions", (d) => (Array.isArray(d.sessions) ? d.sessions.length : 0)],
    ["Creat", text("createdAt")],
    ["Tancament de la recollida", text("closesAt")],
  ],
  assessments: [
    ["Mentoria", text("pairingId")],
    ["Cicle", text("cycle")],
    ["Qui valora", labelled("role", roleLabels)],
    ["Nom", text("name")],
    ["Municipi", text("municipality")],
    ["Valoració (1 a 5)", text("score")],
    ["Comentaris", text("comments")],
    ["Data", text("submittedAt")],
  ],
};

/** One row per assessment: a pairing holds one per role. */
export function assessmentRows(pairings: readonly Doc[]): Doc[] {
  return pairings.flatMap((p) =>
    (["mentee", "mentor"] as const).flatMap((role) => {
      const assessment = at(p, `assessments.${role}`) as Record<string, unknown> | undefined;
      if (!assessment) return [];
      return [
        {
          id: `${p.id}-${role}`,
          pairingId: p.id,
          cycle: p.cycle,
          role,
          name: at(p, `${role}.name`),
          municipality: at(p, `${role}.municipality.name`),
          ...assessment,
        },
      ];
    }),
  );
}

export function exportCsv(dataset: ExportDataset, docs: readonly Doc[], timeZone: string): string {
  const columns = exportColumns[dataset];
  return stringify(
    docs.map((doc) => columns.map(([, value]) => value(doc) ?? "")),
    {
      bom: true,
      delimiter: ";",
      record_delimiter: "windows",
      header: true,
      columns: columns.map(([label]) => label),
      escape_formulas: true,
      cast: {
        date: (date) => localDateTime(date, timeZone),
        // A decimal comma, as the Catalan locale reads a number.
        number: (n) => String(n).replace(".", ","),
      },
    },
  );
}
