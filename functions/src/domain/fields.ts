/** Field schemas every form uses, each failing with one Catalan message a person can act on. */
import { z } from "zod";

export const tooLong = (max: number) => `El text és massa llarg (màxim ${max.toLocaleString("ca-ES")} caràcters).`;

/** Trimmed, not empty, at most `max` characters. */
export const requiredText = (max: number, message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: tooLong(max) });

/** Trimmed, may be empty (then ""), at most `max` characters. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong(max) })
    .default("");

/** A whole number from `min` to `max`; form posts send it as text. */
export const wholeNumber = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
