/**
 * The programme's reference data as files a spreadsheet keeps (docs/design.md §15):
 * `members.csv` (`id;nom;comarca;provincia;actiu;contactes`), `topics.csv`
 * (`id;etiqueta;actiu`) and `settings.json`. Pure: reading validates every row
 * and answers Catalan messages naming file, line and column; writing makes
 * the files a Catalan spreadsheet opens (UTF-8 with BOM, `;`); planning says
 * what an import creates, changes and deactivates. scripts/data.ts does the I/O.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";

export const memberColumns = ["id", "nom", "comarca", "provincia", "actiu", "contactes"] as const;
export const topicColumns = ["id", "etiqueta", "actiu"] as const;

export interface Member {
  id: string;
  name: string;
  comarca?: string;
  province?: string;
  active: boolean;
  contacts: string[];
}
export interface Topic {
  id: string;
  label: string;
  active: boolean;
}

export interface Problem {
  file: string;
  line: number | null;
  column: string | null;
  message: string;
}
export const problemText = (p: Problem) =>
  `${p.file}${p.line ? `, línia ${p.line}` : ""}${p.column ? `, columna «${p.column}»` : ""}: ${p.message}`;

const documentId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, {
    error: "ha de ser un identificador en minúscules, xifres i guions (com ara sant-cugat-del-valles)",
  });
const yes = new Set(["sí", "si", "true", "1"]);
const no = new Set(["no", "false", "0"]);
const flag = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .refine((v) => yes.has(v) || no.has(v), { error: "ha de ser «sí» o «no»" })
  .transform((v) => yes.has(v));
const required = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `hi falta ${what}` });
const optional = z
  .string()
  .trim()
  .transform((v) => v || undefined);
const addresses = z
  .string()
  .trim()
  .transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : []))
  .pipe(z.array(z.email({ error: "hi ha una adreça electrònica que no és vàlida" }).toLowerCase()));

const MemberRow = z.object({
  id: documentId,
  nom: required("el nom"),
  comarca: optional,
  provincia: optional,
  actiu: flag,
  contactes: addresses,
});
const TopicRow = z.object({ id: documentId, etiqueta: required("l'etiqueta"), actiu: flag });

type Parsed<T> = { rows: T[]; problems: Problem[] };

function readCsv<S extends z.ZodType>(
  file: string,
  text: string,
  columns: readonly string[],
  schema: S,
): Parsed<z.infer<S>> {
  let records: Record<string, string>[];
  // A Catalan spreadsheet saves `;`, others `,`: the header line says which (a cell may hold the other).
  const headerLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = headerLine.includes(";") ? ";" : ",";
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    return { rows: [], problems: [{ file, line, column: null, message: "no es pot llegir com a CSV" }] };
  }
  const header = Object.keys(records[0] ?? {});
  const missing = columns.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length > 0)
    return {
      rows: [],
      problems: missing.map((c) => ({ file, line: 1, column: c, message: "hi falta aquesta columna" })),
    };
  const rows: z.infer<S>[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const line = i + 2; // the header is line 1
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ file, line, column: String(issue.path[0] ?? ""), message: issue.message });
      return;
    }
    const id = (parsed.data as { id: string }).id;
    if (seen.has(id))
      problems.push({ file, line, column: "id", message: `repeteix l'identificador de la línia ${seen.get(id)}` });
    seen.set(id, line);
    rows.push(parsed.data);
  });
  return { rows, problems };
}

export function readMembers(text: string, file = "members.csv"): Parsed<Member> {
  const { rows, problems } = readCsv(file, text, memberColumns, MemberRow);
  return {
    problems,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.nom,
      ...(r.comarca ? { comarca: r.comarca } : {}),
      ...(r.provincia ? { province: r.provincia } : {}),
      active: r.actiu,
      contacts: r.contactes,
    })),
  };
}

export function readTopics(text: string, file = "topics.csv"): Parsed<Topic> {
  const { rows, problems } = readCsv(file, text, topicColumns, TopicRow);
  return { problems, rows: rows.map((r) => ({ id: r.id, label: r.etiqueta, active: r.actiu })) };
}

/** Settings are validated by the functions' own schema (passed in): what validates there serves. */
export function readSettings(
  text: string,
  schema: z.ZodType,
  file = "settings.json",
): { settings: Record<string, unknown> | null; problems: Problem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { settings: null, problems: [{ file, line: null, column: null, message: "no és un JSON vàlid" }] };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    return {
      settings: null,
      problems: parsed.error.issues.map((issue) => ({
        file,
        line: null,
        column: issue.path.join("."),
        message: issue.message,
      })),
    };
  return { settings: value as Record<string, unknown>, problems: [] };
}

const csv = (header: readonly string[], rows: string[][]) =>
  stringify([header as string[], ...rows], { delimiter: ";", bom: true, record_delimiter: "\r\n" });

export const membersCsv = (members: readonly Member[]) =>
  csv(
    memberColumns,
    [...members]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((m) => [m.id, m.name, m.comarca ?? "", m.province ?? "", m.active ? "sí" : "no", m.contacts.join(" ")]),
  );

export const topicsCsv = (topics: readonly Topic[]) =>
  csv(
    topicColumns,
    [...topics].sort((a, b) => a.id.localeCompare(b.id)).map((t) => [t.id, t.label, t.active ? "sí" : "no"]),
  );

export interface Plan<T> {
  create: T[];
  change: T[];
  /** In the project but not in the file: kept, marked inactive (applications name them). */
  deactivate: string[];
}

/** JSON with every object's keys sorted, at any depth: two values are the same data when these match. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}

const same = (a: object, b: object) => canonicalJson(a) === canonicalJson(b);

/** What importing `incoming` over `current` does; the same file twice plans nothing. */
export function planImport<T extends { id: string; active: boolean }>(
  current: readonly T[],
  incoming: readonly T[],
): Plan<T> {
  const byId = new Map(current.map((c) => [c.id, c]));
  const wanted = new Set(incoming.map((i) => i.id));
  return {
    create: incoming.filter((i) => !byId.has(i.id)),
    change: incoming.filter((i) => byId.has(i.id) && !same(byId.get(i.id)!, i)),
    deactivate: current.filter((c) => !wanted.has(c.id) && c.active).map((c) => c.id),
  };
}
