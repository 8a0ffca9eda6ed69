/** The programme's numbers as people read them, from `settings/programme` (never written into the text). */
import { counted, monthsPhrase, ofWord } from "../domain/catalan";
import type { ProgrammeSettings } from "../domain/programme";

export type Terms = Pick<
  ProgrammeSettings,
  "requiredMeetings" | "maxDurationMonths" | "advisorySessions" | "advisorySessionHours"
>;

export function programmeTerms(settings: Terms) {
  const hours = settings.advisorySessions * settings.advisorySessionHours;
  const duration = monthsPhrase(settings.maxDurationMonths);
  return {
    /** "dues trobades" */
    meetings: counted(settings.requiredMeetings, "trobada", "trobades"),
    /** "un any" */
    duration,
    /** "d'un any" */
    ofDuration: ofWord(duration),
    /** "quatre hores (dues sessions de dues hores)" */
    advisoryPackage: `${counted(hours, "hora", "hores")} (${counted(settings.advisorySessions, "sessió", "sessions")} ${ofWord(counted(settings.advisorySessionHours, "hora", "hores"))})`,
  };
}
