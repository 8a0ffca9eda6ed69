import { describe, expect, it } from "vitest";
import { z } from "zod";
import { documentProblem } from "../../functions/src/domain/problem.ts";
import { Pairing } from "../../functions/src/domain/pairing.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";

const problemOf = (schema: z.ZodType, data: unknown) => {
  const parsed = schema.safeParse(data);
  if (parsed.success) throw new Error("expected a problem");
  return documentProblem(parsed.error.issues);
};

describe("a document's problem, as the secretariat reads it", () => {
  it("names the field and what was expected, in Catalan, for a date typed as text", () => {
    const text = problemOf(Pairing.pick({ endsAt: true }), { endsAt: "2027-01-15" });
    expect(text).toBe(
      "No s'ha pogut processar: el camp «endsAt» hauria de ser una data (Timestamp). Corregiu-ho a la consola i es tornarà a processar.",
    );
  });

  it("says when a required text is empty or an address is not one, and counts what it leaves out", () => {
    const schema = z.object({ a: z.email(), b: z.string().min(1), c: z.number(), d: z.boolean(), e: z.string() });
    const text = problemOf(schema, { a: "x", b: "", c: "1", d: 1, e: 2 });
    expect(text).toContain("«a» hauria de ser una adreça electrònica");
    expect(text).toContain("«b» no pot ser buit");
    expect(text).toContain("«c» hauria de ser un número");
    expect(text).toContain("(i 2 més)");
    expect(text).not.toMatch(/Invalid|expected|received/);
  });

  it("names a misspelt setting, so a typo in a weight is not silently ignored", () => {
    const text = problemOf(ProgrammeSettings.pick({ matchingWeights: true }), {
      matchingWeights: { sharedSlots: 5 },
    });
    expect(text).toContain("el camp «matchingWeights» té un camp que no es fa servir: «sharedSlots»");
  });
});
