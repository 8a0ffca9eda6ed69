/** What the matching means for each applicant (docs/design.md §16), in the one email frame every applicant email uses. */
import { mailIds, type MailDraft } from "../domain/mail";
import type { Outcome } from "../domain/outcomes";
import type { StoredApplication } from "../domain/application";
import type { ProgrammeSettings } from "../domain/programme";
import { applicantPageParagraph, renderEmail } from "./emails";

const texts: Record<
  Outcome["kind"],
  { subject: string; body: (outcome: Outcome, settings: ProgrammeSettings) => string[] }
> = {
  proposed: {
    subject: "Hem proposat una persona mentora per acompanyar-te",
    body: (_, settings) => [
      "Hem trobat una persona mentora que encaixa amb les teves necessitats i la disponibilitat que vas indicar, i li hem fet la proposta.",
      `Té ${settings.proposalResponseDays} dies per respondre. Quan l'accepti, us escriurem a totes dues persones amb el contacte de l'altra perquè acordeu la primera trobada. Si no pot, en buscarem una altra i t'ho farem saber.`,
    ],
  },
  waiting: {
    subject: "De moment no t'hem pogut proposar cap persona mentora",
    body: (outcome) => [
      "En aquest aparellament no t'hem pogut proposar cap persona mentora.",
      ...(outcome.kind === "waiting" && outcome.reason ? [`Per què: ${outcome.reason}`] : []),
      "Continues a la llista d'espera d'aquest cicle: si una plaça queda lliure o s'hi afegeix una persona mentora que encaixi, et farem la proposta sense que hagis de fer res. Si no, a la convocatòria de setembre podràs tornar-ho a demanar.",
    ],
  },
  available: {
    subject: "Gràcies per oferir-te com a persona mentora",
    body: () => [
      "En aquest aparellament no t'hem proposat cap persona per acompanyar: les necessitats d'aquest cicle no han coincidit amb el que oferies, o ja estaven cobertes.",
      "Continues disponible durant tot el cicle: si una persona mentorada et necessita, rebràs una proposta per acceptar o declinar, sense cap obligació.",
    ],
  },
};

export function outcomeEmail(
  runId: string,
  outcome: Outcome,
  application: StoredApplication,
  page: string,
  settings: ProgrammeSettings,
): MailDraft {
  const text = texts[outcome.kind];
  return {
    id: mailIds.outcome(runId, outcome.applicationId),
    to: [application.person.email],
    template: `outcome-${outcome.kind}`,
    replyTo: settings.secretariatEmail,
    ...renderEmail(text.subject, [
      `Hola, ${application.person.name}:`,
      ...text.body(outcome, settings),
      applicantPageParagraph(page),
    ]),
  };
}
