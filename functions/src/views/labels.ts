/** Catalan names for the programme's vocabulary, as people read them. */
import type { ApplicationKind } from "../domain/application";
import type { MeetingMode } from "../domain/programme";

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
