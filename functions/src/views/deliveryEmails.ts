/** What the secretariat is told when an address stops receiving email (docs/design.md §14). */
import { mailIds, type MailDraft } from "../domain/mail";
import type { Suppression } from "../domain/emailEvents";
import type { ProgrammeSettings } from "../domain/programme";
import { secretariatNotice } from "./emails";

export function suppressionNotice(
  suppression: Suppression,
  subject: string | null,
  settings: Pick<ProgrammeSettings, "secretariatEmail">,
): MailDraft {
  const what =
    suppression.reason === "bounced"
      ? "el correu ha rebotat: l'adreça no existeix o no accepta missatges"
      : "la persona ha marcat el correu com a brossa";
  return secretariatNotice(
    settings,
    {
      id: mailIds.suppressionNotice(suppression.email, suppression.reason),
      template: "suppression-secretariat",
      about: `suppressions/${suppression.email}`,
    },
    `Correu no lliurat a ${suppression.email}`,
    [
      `No hem pogut fer arribar ${subject ? `el correu «${subject}»` : "un correu"} a ${suppression.email}: ${what}.`,
      ...(suppression.detail ? [`Resposta del servidor de correu: ${suppression.detail}`] : []),
      `Des d'ara no s'hi envia res més (els correus que s'hi adrecin quedaran en ERROR amb el motiu). Si l'adreça és incorrecta, corregiu-la a la sol·licitud; quan torni a funcionar, esborreu el document suppressions/${suppression.email} a la consola i torneu a posar delivery.state a RETRY als correus que calgui.`,
      ...(suppression.mailId ? [`Document del correu: mail/${suppression.mailId}`] : []),
    ],
  );
}
