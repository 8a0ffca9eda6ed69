/** Field schemas every form uses, each failing with one Catalan message a person can act on. */
import { z } from "zod";

export const tooLong = (max: number) => `El text és massa llarg (màxim ${max.toLocaleString("ca-ES")} caràcters).`;

/** Control characters other than tab and line breaks: never typed by a person. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/**
 * Invisible characters (Unicode's format class): direction overrides and
 * isolates, zero-width spaces and joiners, soft hyphens, tags. Nobody types
 * them in a name or a description; they can make a subject or a spreadsheet
 * cell read differently from what it holds.
 */
const invisibleCharacters = /\p{Cf}/u;
/** Anything that breaks a line: these fields reach email subjects and headers. */
const lineBreaks = /[\r\n\u2028\u2029\u0085]/;

export const controlCharactersMessage = "El text conté caràcters de control; torna'l a escriure.";
export const invisibleCharactersMessage =
  "El text conté caràcters invisibles (de direcció o d'amplada zero); torna'l a escriure o enganxa'l com a text sense format.";
export const oneLineMessage = "Escriu-ho en una sola línia, sense salts de línia ni tabulacions.";

/** Trimmed, not empty, at most `max` characters; line breaks allowed, control characters not. */
export const requiredText = (max: number, message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: tooLong(max) })
    .refine((text) => !controlCharacters.test(text), { error: controlCharactersMessage })
    .refine((text) => !invisibleCharacters.test(text), { error: invisibleCharactersMessage });

/** A name, a position: one line, as it will appear in an email subject. */
export const oneLineText = (max: number, message: string) =>
  requiredText(max, message).refine((text) => !lineBreaks.test(text) && !text.includes("\t"), {
    error: oneLineMessage,
  });

/** Trimmed, may be empty (then ""), at most `max` characters. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong(max) })
    .refine((text) => !controlCharacters.test(text), { error: controlCharactersMessage })
    .refine((text) => !invisibleCharacters.test(text), { error: invisibleCharactersMessage })
    .default("");

export const emailMessage = "Escriu una adreça electrònica vàlida, com ara nom@ajuntament.cat.";

/** An address as every lookup stores it: trimmed and in lower case. */
export const emailAddress = (message = emailMessage) =>
  z
    .string({ error: message })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: message }));

/** A whole number from `min` to `max`; form posts send it as text. */
export const wholeNumber = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });

/** An optional checkbox: ticked in a form ("on") or `true` in JSON; anything else is no. */
export const ticked = z
  .unknown()
  .optional()
  .transform((value) => value === "on" || value === "true" || value === true);

/** One message per field, the first each got: what a form shows beside it. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
  return fields;
}
