/** Catalan names for the programme's vocabulary, as people read them. */
import type { PairingStatus } from "../domain/pairing";
import type { ApplicationKind, ApplicationStatus } from "../domain/application";
import type { MeetingMode } from "../domain/programme";
import type { CheckInAnswer } from "../domain/checkIns";

export const kindLabels: Record<ApplicationKind, { title: string; short: string; slug: string }> = {
  mentee: { title: "Sol·licitud per rebre mentoria", short: "rebre mentoria", slug: "rebre-mentoria" },
  mentor: { title: "Sol·licitud per oferir mentoria", short: "oferir mentoria", slug: "oferir-mentoria" },
  advisory: { title: "Sol·licitud d'assessorament", short: "assessorament", slug: "assessorament" },
};

export const modeLabels: Record<MeetingMode, string> = {
  presencial: "Presencial",
  virtual: "Virtual (videotrucada)",
};

export const programmeName = "Mentories i assessoraments de la XMESS";

/** The three answers to a check-in (docs/design.md §17). */
export const checkInAnswerLabels: Record<CheckInAnswer, string> = {
  met: "Ens hem trobat",
  notYet: "Encara no",
  help: "Necessitem ajuda",
};

/** Who someone is in a mentorship, as people read it. */
export const roleLabels = { mentor: "persona mentora", mentee: "persona acompanyada" } as const;

/** A pairing's status as people read it (never the English value). */
export const pairingStatusLabels: Record<PairingStatus, string> = {
  draft: "pendent de proposta",
  proposed: "proposta pendent de resposta",
  accepted: "acceptada, pendent de la primera trobada",
  active: "en curs",
  completed: "finalitzada amb els requisits complerts",
  incomplete: "finalitzada sense totes les trobades",
  declined: "declinada",
  expired: "caducada",
  cancelled: "anul·lada",
};

/** An application's status in plain words, for its owner. */
export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  unconfirmed: "Pendent de confirmar",
  received: "Confirmada",
  matched: "Amb mentoria",
  waitlisted: "En llista d'espera",
  withdrawn: "Retirada",
};
