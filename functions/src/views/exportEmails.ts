/** The email that carries an export to the secretariat (docs/design.md §11). */
import { mailIds, type MailDraft } from "../domain/mail";
import type { ExportRequest } from "../domain/exports";
import type { ProgrammeSettings } from "../domain/programme";
import { secretariatNotice } from "./emails";

const datasetLabels: Record<ExportRequest["dataset"], string> = {
  applications: "sol·licituds",
  pairings: "parelles de mentoria",
  sessions: "trobades",
  advisory: "grups d'assessorament",
  assessments: "valoracions",
};

export function exportEmail(
  exportId: string,
  request: ExportRequest,
  rows: number,
  csv: string,
  settings: ProgrammeSettings,
): MailDraft {
  const what = `${datasetLabels[request.dataset]}${request.cycle ? ` del cicle ${request.cycle}` : ""}`;
  return {
    ...secretariatNotice(
      settings,
      { id: mailIds.exportFile(exportId), template: "export", about: `exports/${exportId}` },
      `Exportació: ${what}`,
      [
        `Adjunt hi ha l'exportació de ${what} que heu demanat (exports/${exportId}): ${rows === 1 ? "1 fila" : `${rows} files`}.`,
        "El fitxer és un CSV separat per punts i comes, en UTF-8: obriu-lo amb el full de càlcul i les dates i els accents sortiran bé. Conté dades personals: no el reenvieu fora de la secretaria i esborreu-lo quan no el necessiteu.",
      ],
    ),
    attachments: [
      {
        filename: `${request.dataset}${request.cycle ? `-${request.cycle}` : ""}.csv`,
        content: Buffer.from(csv, "utf8").toString("base64"),
        contentType: "text/csv; charset=utf-8",
      },
    ],
  };
}
