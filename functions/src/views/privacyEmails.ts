/** Catalan emails of privacy requests (docs/design.md §13): what the secretariat sends on to the person. */
import { mailIds, partFilename, partLabel, partMailId, type MailDraft, type Part } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import { secretariatNotice } from "./emails";

export function accessReport(
  requestId: string,
  email: string,
  counts: Readonly<Record<string, number>>,
  json: string,
  settings: ProgrammeSettings,
  part: Part = { n: 1, of: 1 },
): MailDraft {
  const listed = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([collection, n]) => `${collection}: ${n}`)
    .join(", ");
  return {
    ...secretariatNotice(
      settings,
      {
        id: partMailId(mailIds.privacyAccess(requestId), part),
        template: "privacy-access",
        about: `privacyRequests/${requestId}`,
      },
      `Dret d'accés: dades de ${email}${partLabel(part)}`,
      [
        `Adjunt hi ha tot el que el sistema guarda de ${email} (sol·licitud de dret d'accés privacyRequests/${requestId}), en format JSON.`,
        ...(part.of > 1
          ? [
              `És massa gran per a un sol correu: va en ${part.of} correus, cadascun amb un JSON complet. Aquest és el ${part.n}.`,
            ]
          : []),
        listed ? `Documents trobats: ${listed}.` : "No hi ha cap document amb aquesta adreça.",
        "Reviseu-ho i envieu-ho a la persona dins del termini legal d'un mes, per un canal segur.",
      ],
    ),
    attachments: [
      {
        filename: partFilename(`dades-${requestId}.json`, part),
        content: Buffer.from(json).toString("base64"),
        contentType: "application/json; charset=utf-8",
      },
    ],
  };
}
