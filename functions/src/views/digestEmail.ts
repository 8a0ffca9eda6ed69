/** The weekly attention digest to the secretariat (docs/design.md §11), each item linked to its console document. */
import { consoleUrl, attentionSections, type Attention, type AttentionSection } from "../domain/attention";
import { mailIds, type MailDraft } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import { html } from "./html";
import { secretariatNotice, type Paragraph } from "./emails";

const sectionTitles: Record<AttentionSection, string> = {
  proposals: "Propostes sense resposta",
  mentorships: "Mentories amb poques trobades i poc temps",
  incidents: "Incidències obertes",
  drafts: "Parelles en esborrany",
  groups: "Assessoraments per programar",
  mail: "Correus que no han arribat",
  problems: "Documents que el sistema no ha pogut llegir",
};

export function digestEmail(
  week: string,
  attention: Attention,
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
  return secretariatNotice(
    settings,
    { id: mailIds.digest(week), template: "attention-digest", about: null },
    `Aquesta setmana: ${count === 1 ? "1 cosa necessita" : `${count} coses necessiten`} la vostra atenció`,
    [
      `El que el sistema no pot resoldre sol (setmana ${week}). Cada element enllaça al seu document a la consola de Firebase.`,
      ...sections,
    ],
  );
}
