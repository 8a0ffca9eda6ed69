/**
 * A person's links in one email (docs/design.md §16): asked for on `/enllacos`, or sent
 * because the secretariat retired the earlier ones (`linkVersion`). One frame, the
 * same list either way.
 */
import { onDate } from "../domain/catalan";
import type { MailDraft } from "../domain/mail";
import type { PersonLink } from "../domain/personLinks";
import type { ProgrammeSettings } from "../domain/programme";
import { renderEmail, type Paragraph } from "./emails";
import { html } from "./html";
import { kindLabels } from "./labels";

function described(link: PersonLink, timezone: string): string {
  switch (link.what) {
    case "application":
      return `La teva sol·licitud (${kindLabels[link.kind].short}), referència ${link.id}`;
    case "proposal":
      return `La proposta d'acompanyar una persona tècnica de ${link.menteeMunicipality}, per respondre ${onDate(link.respondBy, timezone, "abans de")}`;
    case "mentorship":
      return `La pàgina de la teva mentoria amb ${link.other}`;
  }
}

export function linksList(links: readonly PersonLink[], timezone: string): Paragraph {
  return [
    links.map((link) => `- ${described(link, timezone)}:\n  ${link.url}`).join("\n"),
    html`<ul>${links.map((link) => html`<li><a href="${link.url}">${described(link, timezone)}</a></li>`)}</ul>`,
  ];
}

export function linksEmail(
  id: string,
  to: string,
  links: readonly PersonLink[],
  why: "asked" | "replaced",
  settings: Pick<ProgrammeSettings, "secretariatEmail" | "timezone">,
): MailDraft {
  const asked = why === "asked";
  return {
    id,
    to: [to],
    template: asked ? "links-asked" : "links-replaced",
    replyTo: settings.secretariatEmail,
    ...renderEmail(
      asked ? "Els teus enllaços del programa de la XMESS" : "Els teus enllaços nous del programa de la XMESS",
      [
        "Hola:",
        asked
          ? "Algú ha demanat, a la pàgina «He perdut els meus enllaços», els enllaços d'aquesta adreça al programa de mentories i assessoraments de la XMESS. Són aquests:"
          : "La secretaria tècnica ha retirat els enllaços que t'havíem enviat: els anteriors ja no funcionen. Aquests són els nous:",
        linksList(links, settings.timezone),
        asked
          ? "Si no ho has demanat tu, no cal que facis res: els enllaços només arriben a aquesta adreça."
          : "Si no saps per què ha canviat, respon aquest correu i la secretaria tècnica t'ho explicarà.",
        "Guarda aquest correu: cada enllaç és personal i porta directament a la teva pàgina. No el reenviïs.",
      ],
    ),
  };
}
