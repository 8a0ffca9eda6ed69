/** The call for applications to member municipalities and its reminder (docs/design.md §11), and the invitation back (§17). */
import { ofPlace, onDate } from "../domain/catalan";
import { mailIds, type MailDraft } from "../domain/mail";
import type { CallKind, Cycle, Member, ProgrammeSettings } from "../domain/programme";
import type { StoredApplication } from "../domain/application";
import { renderEmail } from "./emails";
import { html } from "./html";
import { kindLabels } from "./labels";
import { programmeTerms } from "./terms";

export function callEmail(
  cycle: Cycle,
  member: Member,
  to: string[],
  kind: CallKind,
  settings: ProgrammeSettings,
): MailDraft {
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  const tz = settings.timezone;
  const terms = programmeTerms(settings);
  const closes = onDate(cycle.applicationsCloseAt, tz, "fins a");
  const subject =
    kind === "call"
      ? `Inscripcions obertes: mentories entre municipis de la XMESS (cicle ${cycle.id})`
      : `Darrera setmana per inscriure-us a les mentories de la XMESS (cicle ${cycle.id})`;
  return {
    id: mailIds.call(cycle.id, member.id, kind),
    to,
    template: kind === "call" ? "call-for-applications" : "call-reminder",
    replyTo: settings.secretariatEmail,
    ...renderEmail(subject, [
      `Hola, equip ${ofPlace(member.name)}:`,
      kind === "call"
        ? `S'obren les inscripcions del programa de mentories de la XMESS per al cicle ${cycle.id}: es poden fer ${closes}.`
        : `Les inscripcions del programa de mentories de la XMESS per al cicle ${cycle.id} es tanquen d'aquí a una setmana: es poden fer ${closes}.`,
      `Una persona tècnica amb experiència en economia social i solidària acompanya una persona d'un altre municipi que hi comença, durant ${terms.duration} com a màxim i amb ${terms.meetings} com a mínim. Les parelles es proposen ${onDate(cycle.matchingAt, tz, "a")}, segons les necessitats i la disponibilitat, i les mentories comencen ${onDate(cycle.startsAt, tz)}.`,
      `Per rebre mentoria: ${base}/sollicitud/${kindLabels.mentee.slug}`,
      `Per oferir mentoria: ${base}/sollicitud/${kindLabels.mentor.slug}`,
      "Feu arribar aquest correu a les persones del vostre ajuntament a qui pugui interessar. Per a qualsevol dubte, responeu aquest correu.",
    ]),
  };
}

/**
 * The invitation back with the September call (docs/design.md §17): to last
 * cycle's mentors and its mentees nobody mentored, with their own page, where
 * one button renews the application.
 */
export function renewalEmail(
  previous: StoredApplication & { id: string },
  cycle: Cycle,
  link: string,
  settings: ProgrammeSettings,
): MailDraft {
  const closes = onDate(cycle.applicationsCloseAt, settings.timezone, "fins a");
  const renewLink = `${link}#renovacio`;
  const mentor = previous.kind === "mentor";
  return {
    id: mailIds.renewal(cycle.id, previous.id),
    to: [previous.person.email],
    template: "renewal",
    replyTo: settings.secretariatEmail,
    ...renderEmail(
      mentor
        ? `Tornes a oferir mentoria? Cicle ${cycle.id} de la XMESS`
        : `Tornes a demanar mentoria? Cicle ${cycle.id} de la XMESS`,
      [
        `Hola, ${previous.person.name}:`,
        mentor
          ? `El cicle passat vas oferir mentoria al programa de la XMESS. Ja són obertes les inscripcions del cicle ${cycle.id}: es poden fer ${closes}.`
          : `El cicle passat vas demanar mentoria i no et vam poder proposar cap persona mentora. Ja són obertes les inscripcions del cicle ${cycle.id}: es poden fer ${closes}, i tornaràs a entrar a l'aparellament.`,
        [
          `Per tornar-hi amb les mateixes dades, obre la teva pàgina i prem el botó «Inscriu-me al cicle ${cycle.id}»: ${renewLink}`,
          html`<p>Per tornar-hi amb les mateixes dades, obre <a href="${renewLink}">la teva pàgina</a> i prem el botó «Inscriu-me al cicle ${cycle.id}». Després podràs revisar i corregir la sol·licitud nova.</p>`,
        ],
        "Si aquest any no hi vols participar, no cal que facis res.",
      ],
    ),
  };
}
