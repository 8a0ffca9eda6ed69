/**
 * Catalan phrases with dates, numbers and places, where apostrophe and
 * contraction depend on the word that follows: "l'1 de setembre", "de l'11
 * d'octubre", "fins al 15 d'abril", "de la comarca d'Osona", "del Vallès
 * Occidental". One apostrophe style everywhere: the straight one (').
 */
import { isoDay } from "./time";

const months = [
  "gener",
  "febrer",
  "març",
  "abril",
  "maig",
  "juny",
  "juliol",
  "agost",
  "setembre",
  "octubre",
  "novembre",
  "desembre",
] as const;

/** Before a vowel or a mute h (except the i/u of a diphthong, rare in names), "de" becomes "d'". */
const elides = (word: string) => /^h?[aeiouàèéíòóú]/i.test(word) && !/^h?[iu][aeiou]/i.test(word);

/** "de setembre", "d'octubre". */
export const ofWord = (word: string) => (elides(word) ? `d'${word}` : `de ${word}`);

/** "1 de setembre de 2026", "11 d'octubre de 2026", in the programme's time zone. */
export function longDate(date: Date, timeZone: string): string {
  const [year, month, day] = isoDay(date, timeZone).split("-").map(Number) as [number, number, number];
  return `${day} ${ofWord(months[month - 1]!)} de ${year}`;
}

/** Days read "u" and "onze" take "l'" (l'1, l'11); the rest "el". */
const takesApostrophe = (date: Date, timeZone: string) => {
  const day = Number(isoDay(date, timeZone).slice(8));
  return day === 1 || day === 11;
};

/**
 * A date after a preposition, contracted as Catalan does: "" → "el 15 …" /
 * "l'1 …"; "de" → "del 15 …" / "de l'1 …"; "a" (and "fins a", "cap a") →
 * "al 15 …" / "a l'1 …"; "abans de" → "abans del 15 …" / "abans de l'1 …".
 */
export function onDate(
  date: Date,
  timeZone: string,
  preposition: "" | "de" | "a" | "fins a" | "cap a" | "abans de" | "des de" = "",
): string {
  const text = longDate(date, timeZone);
  if (takesApostrophe(date, timeZone)) return `${preposition ? `${preposition} ` : ""}l'${text}`;
  if (preposition === "") return `el ${text}`;
  const contracted = preposition.endsWith("de") ? `${preposition.slice(0, -2)}del` : `${preposition.slice(0, -1)}al`;
  return `${contracted} ${text}`;
}

/** "a les 10:00", "a la 1:30": the clock time in the zone, with its article. */
export function atTime(date: Date, timeZone: string): string {
  const [hour, minute] = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  })
    .format(date)
    .split(":")
    .map(Number) as [number, number];
  return `${hour === 1 ? "a la" : "a les"} ${hour}:${String(minute).padStart(2, "0")}`;
}

/** The first letter in capitals, to start a sentence with a phrase. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "de" before a place name that may carry its article: "d'Osona", "del
 * Vallès Occidental", "de les Garrigues"… as the secretariat typed it in
 * `members/{id}.comarca` ("el Vallès Occidental", "Osona", "la Garrotxa").
 */
export function ofPlace(name: string): string {
  const trimmed = name.trim();
  const article = /^(el|els|la|les|l')\s*/i.exec(trimmed);
  if (!article) return ofWord(trimmed);
  const rest = trimmed.slice(article[0].length);
  switch (article[1]!.toLowerCase()) {
    case "el":
      return `del ${rest}`;
    case "els":
      return `dels ${rest}`;
    case "l'":
      return `de l'${rest}`;
    default:
      return `de ${trimmed}`;
  }
}

/** "dues trobades", "una trobada", "3 trobades": small numbers in words, as people read them. */
const numberWords: Record<number, { masculine: string; feminine: string }> = {
  1: { masculine: "un", feminine: "una" },
  2: { masculine: "dos", feminine: "dues" },
  3: { masculine: "tres", feminine: "tres" },
  4: { masculine: "quatre", feminine: "quatre" },
  5: { masculine: "cinc", feminine: "cinc" },
  6: { masculine: "sis", feminine: "sis" },
  7: { masculine: "set", feminine: "set" },
  8: { masculine: "vuit", feminine: "vuit" },
  9: { masculine: "nou", feminine: "nou" },
  10: { masculine: "deu", feminine: "deu" },
  12: { masculine: "dotze", feminine: "dotze" },
};

export function counted(
  n: number,
  singular: string,
  plural: string,
  gender: "masculine" | "feminine" = "feminine",
): string {
  const word = numberWords[n]?.[gender] ?? String(n);
  return `${word} ${n === 1 ? singular : plural}`;
}

/** A duration in months as people say it: "un any", "18 mesos", "6 mesos". */
export function monthsPhrase(months: number): string {
  if (months % 12 === 0) return counted(months / 12, "any", "anys", "masculine");
  return counted(months, "mes", "mesos", "masculine");
}
