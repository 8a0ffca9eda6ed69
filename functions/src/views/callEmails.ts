/** The call for applications to member municipalities, and its reminder (docs/design.md §11). */
import { ofPlace, onDate } from "../domain/catalan";
import { mailIds, type MailDraft } from "../domain/mail";
import type { CallKind, Cycle, Member, ProgrammeSettings } from "../domain/programme";
import { renderEmail } from "./emails";
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
