/** The escaping HTML template tag every page and email is written with. */
import { longDate } from "../domain/catalan";

/**
 * A tiny HTML template tag: every interpolated value is escaped unless it is
 * already `Html`, so user text can never become markup.
 */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ""), ""));
}

/** Catalan long date in the programme's time zone, e.g. "15 de setembre de 2026" (a table cell, a list). */
export function formatDate(date: Date, timeZone: string): string {
  return longDate(date, timeZone);
}
