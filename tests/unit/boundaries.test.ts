/** The layers hold themselves: the project's ESLint config refuses each crossing (docs/design.md §2). */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("layer boundaries", () => {
  it("refuse Firebase and I/O in domain/ and views/", async () => {
    expect(
      await problems(
        "functions/src/domain/x.ts",
        'import { getFirestore } from "firebase-admin/firestore";\nexport const x = getFirestore;\n',
      ),
    ).toContain("no-restricted-imports");
    expect(
      await problems(
        "functions/src/views/x.ts",
        'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n',
      ),
    ).toContain("no-restricted-imports");
    expect(
      await problems("functions/src/domain/x.ts", 'import { page } from "../views/layout";\nexport const x = page;\n'),
    ).toContain("no-restricted-imports");
  });

  it.each(["store", "usecases", "domain", "views"])("refuse the clock in %s/", async (layer) => {
    for (const clock of ["export const x = () => new Date();\n", "export const x = () => Date.now();\n"]) {
      expect(await problems(`functions/src/${layer}/x.ts`, clock)).toContain("no-restricted-syntax");
    }
    // A date built from a value is no clock.
    expect(await problems(`functions/src/${layer}/x.ts`, "export const x = (ms: number) => new Date(ms);\n")).toEqual(
      [],
    );
  });

  it("let the shell read the clock", async () => {
    for (const layer of ["http", "triggers", "jobs"]) {
      expect(await problems(`functions/src/${layer}/x.ts`, "export const x = () => new Date();\n")).toEqual([]);
    }
  });

  it("refuse views in store/", async () => {
    expect(
      await problems("functions/src/store/x.ts", 'import { page } from "../views/layout";\nexport const x = page;\n'),
    ).toContain("no-restricted-imports");
  });

  it("refuse db in a shell, and a trigger imported by a job", async () => {
    expect(
      await problems("functions/src/http/x.ts", 'import { db } from "../firebase";\nexport const x = db;\n'),
    ).toContain("no-restricted-imports");
    expect(
      await problems(
        "functions/src/jobs/x.ts",
        'import { onMailWritten } from "../triggers/mailDelivery";\nexport const x = onMailWritten;\n',
      ),
    ).toContain("no-restricted-imports");
  });

  it("let the layers use what they may", async () => {
    expect(
      await problems(
        "functions/src/usecases/x.ts",
        'import { store } from "../store/repository";\nexport const x = store;\n',
      ),
    ).toEqual([]);
    expect(
      await problems(
        "functions/src/views/x.ts",
        'import { onDate } from "../domain/catalan";\nexport const x = onDate;\n',
      ),
    ).toEqual([]);
  });
});
