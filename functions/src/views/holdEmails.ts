/** What the secretariat reads about a mass change (docs/design.md §15): one email, and the reason on each held message. */
import { atTime, capitalised, counted, onDate } from "../domain/catalan";
import { mailIds, type MailDraft } from "../domain/mail";
import type { GuardedChangeKind, Hold } from "../domain/massChange";
import type { ProgrammeSettings } from "../domain/programme";
import { secretariatNotice } from "./emails";

const changeWords: Record<GuardedChangeKind, [string, string, "masculine" | "feminine"]> = {
  pairingCancelled: ["parella anul·lada", "parelles anul·lades", "feminine"],
  pairingDeleted: ["parella esborrada", "parelles esborrades", "feminine"],
  withdrawal: ["sol·licitud retirada", "sol·licituds retirades", "feminine"],
};

/** What a held or dropped message says in `delivery.error`, so the console explains it. */
export const heldReasons = {
  held: (holdId: string) =>
    `Retingut: forma part d'un canvi massiu. Decidiu-ho a holds/${holdId} (status: "released" l'envia, "dropped" el descarta).`,
  dropped: (holdId: string) =>
    `Descartat: la secretaria ha decidit no enviar els correus del canvi massiu holds/${holdId}.`,
};

/** The changes of a hold as one phrase: "12 parelles esborrades i una sol·licitud retirada". */
export function changesPhrase(changes: Hold["changes"]): string {
  const parts = (Object.keys(changeWords) as GuardedChangeKind[])
    .filter((kind) => (changes[kind] ?? 0) > 0)
    .map((kind) => {
      const [singular, plural, gender] = changeWords[kind];
      return counted(changes[kind]!, singular, plural, gender);
    });
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} i ${parts.at(-1)}` : (parts[0] ?? "");
}

export function holdNotice(
  holdId: string,
  hold: Hold,
  settings: Pick<ProgrammeSettings, "secretariatEmail" | "massChangeLimit" | "timezone">,
): MailDraft {
  const total = Object.values(hold.changes).reduce((n, c) => n + c, 0);
  return secretariatNotice(
    settings,
    { id: mailIds.holdNotice(holdId), template: "hold-secretariat", about: `holds/${holdId}` },
    `Correus retinguts: ${total} canvis en pocs minuts`,
    [
      `${capitalised(onDate(hold.firstChangeAt, settings.timezone))} s'han fet ${total} canvis en menys de deu minuts, des de ${atTime(hold.firstChangeAt, settings.timezone).replace(/^a /, "")}: ${changesPhrase(hold.changes)}. Són més dels ${settings.massChangeLimit} que el sistema deixa passar sols (massChangeLimit), i per això no ha enviat cap dels correus que aquests canvis enviarien: queden retinguts, i també les noves cerques de parella que enviarien propostes.`,
      `Si els canvis són correctes, obriu holds/${holdId} a la consola i poseu-hi status: "released". Cada correu retingut s'enviarà una sola vegada.`,
      `Si han estat un error, poseu-hi status: "dropped": no s'enviarà cap d'aquests correus. Després refeu les dades a mà o restaureu-les d'una còpia de seguretat (guia de la secretaria, «Còpies de seguretat»).`,
      "Fins que decidiu, el resum de cada dilluns us ho recordarà. Si mentrestant es fan més canvis d'aquest tipus, s'afegeixen a aquesta mateixa retenció.",
    ],
  );
}
