/** The email that carries an export to the secretariat (docs/design.md §11). */
import { mailIds, partFilename, partLabel, partMailId, type MailDraft, type Part } from "../domain/mail";
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
  part: Part = { n: 1, of: 1 },
): MailDraft {
  const what = `${datasetLabels[request.dataset]}${request.cycle ? ` del cicle ${request.cycle}` : ""}`;
  return {
    ...secretariatNotice(
      settings,
      { id: partMailId(mailIds.exportFile(exportId), part), template: "export", about: `exports/${exportId}` },
      `Exportació: ${what}${partLabel(part)}`,
      [
        `Adjunt hi ha l'exportació de ${what} que heu demanat (exports/${exportId}): ${rows === 1 ? "1 fila" : `${rows} files`}.`,
        ...(part.of > 1
          ? [
              `És massa gran per a un sol correu: va en ${part.of} correus, cadascun amb un CSV complet amb la seva capçalera. Aquest és el ${part.n}.`,
            ]
          : []),
        "El fitxer és un CSV separat per punts i comes, en UTF-8: obriu-lo amb el full de càlcul i les dates i els accents sortiran bé. Conté dades personals: no el reenvieu fora de la secretaria i esborreu-lo quan no el necessiteu.",
      ],
    ),
    attachments: [
      {
        filename: partFilename(`${request.dataset}${request.cycle ? `-${request.cycle}` : ""}.csv`, part),
        content: Buffer.from(csv, "utf8").toString("base64"),
        contentType: "text/csv; charset=utf-8",
      },
    ],
  };
}
