/** Catalan emails of privacy requests (docs/design.md §13): what the secretariat sends on to the person. */
import { mailIds, type MailDraft } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import { secretariatNotice } from "./emails";

export function accessReport(
  requestId: string,
  email: string,
  counts: Readonly<Record<string, number>>,
  json: string,
  settings: ProgrammeSettings,
): MailDraft {
  const listed = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([collection, n]) => `${collection}: ${n}`)
    .join(", ");
  return {
    ...secretariatNotice(
      settings,
      { id: mailIds.privacyAccess(requestId), template: "privacy-access", about: `privacyRequests/${requestId}` },
      `Dret d'accés: dades de ${email}`,
      [
        `Adjunt hi ha tot el que el sistema guarda de ${email} (sol·licitud de dret d'accés privacyRequests/${requestId}), en format JSON.`,
        listed ? `Documents trobats: ${listed}.` : "No hi ha cap document amb aquesta adreça.",
        "Reviseu-ho i envieu-ho a la persona dins del termini legal d'un mes, per un canal segur.",
      ],
    ),
    attachments: [
      {
        filename: `dades-${requestId}.json`,
        content: Buffer.from(json).toString("base64"),
        contentType: "application/json; charset=utf-8",
      },
    ],
  };
}
