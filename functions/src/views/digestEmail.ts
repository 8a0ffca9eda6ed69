/**
 * The weekly attention digest to the secretariat (docs/design.md §11), each item linked
 * to its console document. It goes every week, also when nothing needs a person,
 * with the week's figures: the heartbeat (docs/design.md §15).
 */
import {
  consoleUrl,
  attentionSections,
  type Attention,
  type AttentionSection,
  type WeekFigures,
} from "../domain/attention";
import { mailIds, type MailDraft } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import { html } from "./html";
import { secretariatNotice, type Paragraph } from "./emails";

const sectionTitles: Record<AttentionSection, string> = {
  sending: "Enviament de correus aturat o retingut",
  proposals: "Propostes sense resposta",
  mentorships: "Mentories amb poques trobades i poc temps",
  incidents: "Incidències obertes",
  drafts: "Parelles en esborrany",
  groups: "Assessoraments per programar",
  mail: "Correus que no han arribat",
  problems: "Documents que el sistema no ha pogut llegir",
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function digestEmail(
  week: string,
  attention: Attention,
  figures: WeekFigures,
  target: { projectId: string; databaseId: string },
  settings: ProgrammeSettings,
): MailDraft {
  const count = attentionSections.reduce((n, s) => n + attention[s].length, 0);
  const sections: Paragraph[] = attentionSections
    .filter((s) => attention[s].length > 0)
    .map((s) => {
      const items = attention[s].map((item) => ({
        ...item,
        url: consoleUrl(target.projectId, target.databaseId, item.path),
      }));
      return [
        `${sectionTitles[s]} (${items.length}):\n${items.map((i) => `- ${i.path}: ${i.reason}\n  ${i.url}`).join("\n")}`,
        html`<h2 style="font-size:18px">${sectionTitles[s]} (${items.length})</h2>
<ul>${items.map((i) => html`<li><a href="${i.url}">${i.path}</a>: ${i.reason}</li>`)}</ul>`,
      ];
    });
  const weekLine = `La setmana en xifres: ${plural(figures.applications, "sol·licitud nova", "sol·licituds noves")}, ${plural(figures.mailSent, "correu enviat", "correus enviats")} i ${plural(figures.mailInError, "correu", "correus")} en ERROR.`;
  return secretariatNotice(
    settings,
    { id: mailIds.digest(week), template: "attention-digest", about: null },
    count === 0
      ? "Aquesta setmana no hi ha res que necessiti la vostra atenció"
      : `Aquesta setmana: ${count === 1 ? "1 cosa necessita" : `${count} coses necessiten`} la vostra atenció`,
    count === 0
      ? [
          `Res no necessita cap persona aquesta setmana (${week}).`,
          weekLine,
          "Aquest correu arriba cada dilluns encara que no hi hagi res: si un dilluns no arriba, el sistema no funciona (vegeu la guia de la secretaria, «Si el dilluns no arriba el resum»).",
        ]
      : [
          `El que el sistema no pot resoldre sol (setmana ${week}). Cada element enllaça al seu document a la consola de Firebase.`,
          ...sections,
          weekLine,
        ],
  );
}
