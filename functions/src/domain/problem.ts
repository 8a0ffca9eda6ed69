/**
 * A document that does not match its schema (docs/design.md §14): what the
 * secretariat reads on it as `problem`, one Catalan sentence that names the
 * field and what was expected.
 */
import type { z } from "zod";

const expected: Record<string, string> = {
  date: "una data (Timestamp)",
  string: "un text",
  number: "un número",
  boolean: "cert o fals",
  array: "una llista",
  object: "un mapa de camps",
};

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.join(".") : "(el document)";
  if (issue.code === "invalid_type") {
    const what = expected[issue.expected] ?? issue.expected;
    return `el camp «${field}» hauria de ser ${what}`;
  }
  switch (issue.code) {
    case "invalid_value":
      return `el camp «${field}» té un valor que no és cap dels admesos`;
    case "invalid_format":
      return issue.format === "email"
        ? `el camp «${field}» hauria de ser una adreça electrònica`
        : `el camp «${field}» no té el format esperat`;
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) <= 1
        ? `el camp «${field}» no pot ser buit`
        : `el camp «${field}» és massa curt o petit (mínim ${String(issue.minimum)})`;
    case "unrecognized_keys":
      return `el camp «${field}» té ${issue.keys.length === 1 ? "un camp" : "camps"} que no es fa${issue.keys.length === 1 ? "" : "n"} servir: ${issue.keys.map((key) => `«${key}»`).join(", ")}`;
    case "too_big":
      return `el camp «${field}» és massa llarg o gran (màxim ${String(issue.maximum)})`;
    default:
      return `el camp «${field}» no és vàlid`;
  }
}

export function documentProblem(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 3).map(describe);
  const more = issues.length > 3 ? ` (i ${issues.length - 3} més)` : "";
  return `No s'ha pogut processar: ${parts.join("; ")}${more}. Corregiu-ho a la consola i es tornarà a processar.`;
}

/** On a document whose processing failed though it reads well: the work is tried again on the next run. */
export const processingFailedProblem =
  "No s'ha pogut processar per un error intern; es tornarà a provar en la propera execució. Si es repeteix, aviseu l'equip tècnic.";
