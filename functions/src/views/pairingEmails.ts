/** Catalan emails about pairings: the proposal, its acceptance, decline, expiry, waitlist. */
import { mailIds, type MailDraft } from "../domain/mail";
import { inCourseStatuses, type Pairing, type Role } from "../domain/pairing";
import type { StoredApplication } from "../domain/application";
import type { ProgrammeSettings } from "../domain/programme";
import { applicantPageParagraph, renderEmail, secretariatNotice } from "./emails";
import { kindLabels } from "./labels";
import { onDate } from "../domain/catalan";
import { html } from "./html";
import { programmeTerms } from "./terms";

const commitment = (settings: ProgrammeSettings) => {
  const terms = programmeTerms(settings);
  return `El programa només demana dues coses: fer ${terms.meetings} i que l'acompanyament duri com a màxim ${terms.duration}, llevat que totes dues parts acordin ampliar-lo.`;
};

export function proposalEmail(
  id: string,
  pairing: Pairing,
  link: string,
  applicantPage: string,
  settings: ProgrammeSettings,
): MailDraft {
  const { mentee } = pairing;
  const respondBy = pairing.respondBy ? onDate(pairing.respondBy, settings.timezone, "abans de") : "";
  return {
    id: mailIds.proposal(id),
    to: [pairing.mentor.email],
    template: "proposal",
    replyTo: settings.secretariatEmail,
    ...renderEmail(`Proposta de mentoria: ${mentee.municipality.name}`, [
      `Hola, ${pairing.mentor.name}:`,
      `Et proposem acompanyar una persona tècnica de ${mentee.municipality.name} en el programa de mentories de la XMESS.`,
      `Què necessita: ${mentee.description ?? ""}`,
      `Per què us proposem junts: ${pairing.reasons.join(" ")}`,
      commitment(settings),
      [
        `Pots acceptar o declinar la proposta, sense cap obligació${respondBy ? `, ${respondBy}` : ""}: ${link}`,
        html`<p>Pots acceptar o declinar la proposta, sense cap obligació${respondBy ? html`, <strong>${respondBy}</strong>` : ""}.</p>
<p><a href="${link}" style="display:inline-block;background:#1d6b35;color:#ffffff;padding:10px 16px;text-decoration:none;font-weight:bold">Veure la proposta i respondre</a></p>`,
      ],
      "L'enllaç és personal: no el reenviïs.",
      applicantPageParagraph(applicantPage),
    ]),
  };
}

export function acceptedEmails(
  id: string,
  pairing: Pairing,
  menteeLink: string,
  menteePage: string,
  settings: ProgrammeSettings,
): MailDraft[] {
  const { mentor, mentee } = pairing;
  return [
    {
      id: mailIds.acceptedToMentee(id),
      to: [mentee.email],
      template: "pairing-accepted",
      replyTo: mentor.email,
      ...renderEmail("Ja tens persona mentora", [
        `Hola, ${mentee.name}:`,
        `${mentor.name} (${mentor.position ?? "persona tècnica"}, ${mentor.municipality.name}) ha acceptat acompanyar-te en el programa de mentories de la XMESS.`,
        `Contacte: ${mentor.email}. Pots respondre aquest mateix correu per escriure-li.`,
        "I ara: contacta amb la teva persona mentora per iniciar l'acompanyament. Entre totes dues parts acordeu els terminis, la durada i les activitats principals, i escriviu-ho a l'acord de mentoria de la vostra pàgina.",
        commitment(settings),
        "Recorda comunicar a la secretaria tècnica qualsevol incidència i la data de finalització acordada, i documentar la mentoria amb la fitxa quan acabi.",
        `La teva pàgina de la mentoria (l'acord de mentoria, registrar trobades, ampliar, comunicar incidències, documentar): ${menteeLink}`,
        applicantPageParagraph(menteePage),
      ]),
    },
    secretariatNotice(
      settings,
      { id: mailIds.acceptedNotice(id), template: "pairing-accepted-notice", about: `pairings/${id}` },
      `Mentoria acceptada: ${mentor.name} acompanyarà ${mentee.name}`,
      [
        `${mentor.name} (${mentor.municipality.name}) ha acceptat acompanyar ${mentee.name} (${mentee.municipality.name}).`,
        `Parella ${id} a la col·lecció pairings. Quan acordin els objectius, el ritme de trobades i la data prevista de finalització des de la seva pàgina, l'acord de mentoria hi serà, al camp agreement.`,
      ],
    ),
  ];
}

export function refusedNotice(
  id: string,
  pairing: Pairing,
  outcome: "declined" | "expired",
  settings: ProgrammeSettings,
): MailDraft {
  const what = outcome === "declined" ? "ha declinat" : "no ha respost a temps";
  return secretariatNotice(
    settings,
    { id: mailIds.refusedNotice(id, outcome), template: `pairing-${outcome}-notice`, about: `pairings/${id}` },
    `Proposta ${outcome === "declined" ? "declinada" : "caducada"}: ${pairing.mentee.name}`,
    [
      `${pairing.mentor.name} (${pairing.mentor.municipality.name}) ${what} la proposta d'acompanyar ${pairing.mentee.name} (${pairing.mentee.municipality.name}).`,
      `El sistema torna a calcular l'aparellament del cicle ${pairing.cycle} per trobar la millor persona mentora disponible; el resultat és al document matchingRuns/rematch-${id}.`,
    ],
  );
}

export function waitlistedNotice(
  applicationId: string,
  name: string,
  municipality: string,
  reason: string,
  settings: ProgrammeSettings,
): MailDraft {
  return secretariatNotice(
    settings,
    {
      id: mailIds.waitlistedNotice(applicationId),
      template: "application-waitlisted-notice",
      about: `applications/${applicationId}`,
    },
    `En llista d'espera: ${name} (${municipality})`,
    [
      `No queda cap persona mentora disponible per a ${name} (${municipality}). La sol·licitud ${applicationId} passa a la llista d'espera.`,
      `Motiu: ${reason}`,
    ],
  );
}

/** Why a proposal was held back as a draft (`reviewNote`, read by the secretariat in the console). */
export const heldBackNotes = {
  missingIds: () => "Falten mentor.applicationId i mentee.applicationId.",
  missingApplication: () =>
    "Alguna de les dues sol·licituds indicades no existeix o encara no està confirmada per la persona que la va enviar.",
  capacity: (mentorName: string, held: number, capacity: number) =>
    `No s'ha enviat: ${mentorName} ja té ${held === 1 ? "una mentoria pendent o en curs" : `${held} mentories pendents o en curs`} (també de cicles anteriors) i la seva capacitat és ${capacity}.`,
};

/**
 * A withdrawal (docs/design.md §10): the secretariat is told what it cancelled, and
 * the other person of a mentorship already agreed is told it will not go on.
 */
export function withdrawalEmails(
  applicationId: string,
  application: StoredApplication,
  cancelled: readonly { pairingId: string; before: Pairing; otherPage: string }[],
  by: "owner" | "secretariat",
  settings: ProgrammeSettings,
): MailDraft[] {
  const told = cancelled.filter(({ before }) => inCourseStatuses.includes(before.status));
  const others = told.map(({ pairingId, before, otherPage }): MailDraft => {
    const other = before.mentor.applicationId === applicationId ? before.mentee : before.mentor;
    return {
      id: mailIds.cancelledToParty(pairingId, other.applicationId),
      to: [other.email],
      template: "pairing-cancelled",
      replyTo: settings.secretariatEmail,
      ...renderEmail("La mentoria no continuarà", [
        `Hola, ${other.name}:`,
        by === "owner"
          ? `${application.person.name} (${application.municipality.name}) ha retirat la seva sol·licitud del programa de mentories de la XMESS, i la vostra mentoria queda anul·lada.`
          : `La sol·licitud de ${application.person.name} (${application.municipality.name}) s'ha retirat del programa de mentories de la XMESS, i la vostra mentoria queda anul·lada.`,
        "Sentim el canvi. La secretaria tècnica et dirà si hi ha una altra opció per a tu; també li pots escriure responent aquest correu.",
        applicantPageParagraph(otherPage),
      ]),
    };
  });
  const notice = secretariatNotice(
    settings,
    {
      id: mailIds.withdrawalNotice(applicationId),
      template: "application-withdrawn-notice",
      about: `applications/${applicationId}`,
    },
    `Sol·licitud retirada: ${kindLabels[application.kind].short} · ${application.person.name} (${application.municipality.name})`,
    [
      by === "owner"
        ? `${application.person.name} ha retirat la sol·licitud ${applicationId} des de la seva pàgina.`
        : `Heu retirat la sol·licitud ${applicationId} de ${application.person.name} a la consola.`,
      cancelled.length > 0
        ? `S'han anul·lat ${cancelled.length === 1 ? "aquesta parella" : "aquestes parelles"}: ${cancelled.map(({ pairingId }) => pairingId).join(", ")}.${told.length > 0 ? " Hem avisat l'altra persona de les mentories que ja s'havien acceptat." : ""}`
        : "No tenia cap parella proposada ni en curs.",
    ],
  );
  return [...others, notice];
}

/**
 * A pairing the secretariat cancelled or deleted (docs/design.md §10): whoever had
 * been told of it hears it is off. The ids are the withdrawal's, so a person
 * already told by a withdrawal is not told twice.
 */
export function cancellationEmails(
  pairingId: string,
  pairing: Pairing,
  roles: readonly Role[],
  pages: Record<Role, string>,
  settings: ProgrammeSettings,
): MailDraft[] {
  const reason = pairing.cancelReason ? `Motiu: ${pairing.cancelReason}` : null;
  return roles.map((role): MailDraft => {
    const person = pairing[role];
    const proposalOnly = !pairing.acceptedAt;
    return {
      id: mailIds.cancelledToParty(pairingId, person.applicationId),
      to: [person.email],
      template: "pairing-cancelled",
      replyTo: settings.secretariatEmail,
      ...renderEmail(proposalOnly ? "Proposta de mentoria anul·lada" : "La mentoria no continuarà", [
        `Hola, ${person.name}:`,
        proposalOnly
          ? `La secretaria tècnica ha anul·lat la proposta d'acompanyar una persona tècnica de ${pairing.mentee.municipality.name}. Ja no cal que hi responguis.`
          : `La secretaria tècnica ha anul·lat la mentoria entre ${pairing.mentor.name} (${pairing.mentor.municipality.name}) i ${pairing.mentee.name} (${pairing.mentee.municipality.name}).`,
        ...(reason ? [reason] : []),
        role === "mentee"
          ? "Si encara vols una persona mentora, et tornem a tenir en compte per a les places que quedin lliures. Per a qualsevol dubte, respon aquest correu."
          : "Per a qualsevol dubte, respon aquest correu.",
        applicantPageParagraph(pages[role]),
      ]),
    };
  });
}
