/**
 * The emulator does not enforce indexes; production does. Every query the
 * functions run is declared in `store/queries.ts`, and each is checked here
 * against `firestore.indexes.json` with Firestore's rule for when a query
 * needs a composite index.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { queries } from "../../functions/src/store/queries.ts";
import type { QuerySpec } from "../../functions/src/store/repository.ts";

interface IndexField {
  fieldPath: string;
  order?: string;
}
interface CompositeIndex {
  collectionGroup: string;
  queryScope: string;
  fields: IndexField[];
}

const equalityOps = new Set(["==", "in", "array-contains", "array-contains-any"]);

/**
 * Firestore serves equality-only queries by merging single-field indexes, and
 * one range or order on one field alone by that field's index. A range or an
 * order together with equality filters, or on more than one field, needs a
 * composite index: the equality fields first (any order), then the range and
 * order fields.
 */
function compositeIndexNeeded(spec: QuerySpec): { equality: string[]; then: string[] } | null {
  const equality = [...new Set(spec.where.filter(([, op]) => equalityOps.has(op)).map(([field]) => field))];
  const ranges = spec.where.filter(([, op]) => !equalityOps.has(op)).map(([field]) => field);
  const then = [...new Set([...ranges, ...(spec.orderBy ? [spec.orderBy] : [])])];
  if (then.length === 0) return null;
  if (equality.length === 0 && then.length === 1) return null;
  return { equality, then };
}

function covered(spec: QuerySpec, indexes: readonly CompositeIndex[]): boolean {
  const needed = compositeIndexNeeded(spec);
  if (!needed) return true;
  return indexes.some((index) => {
    if (index.collectionGroup !== spec.collection || index.queryScope !== "COLLECTION") return false;
    const fields = index.fields.map((f) => f.fieldPath);
    const head = new Set(fields.slice(0, needed.equality.length));
    return (
      fields.length === needed.equality.length + needed.then.length &&
      needed.equality.every((field) => head.has(field)) &&
      needed.then.every((field, i) => fields[needed.equality.length + i] === field)
    );
  });
}

const declared = JSON.parse(readFileSync("firestore.indexes.json", "utf8")) as {
  indexes: CompositeIndex[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean }[];
};
// Placeholder arguments: a query's shape does not depend on its values.
const specs = Object.entries(queries).map(
  ([name, build]) => [name, (build as (...args: unknown[]) => QuerySpec)(...Array(build.length).fill("x"))] as const,
);

describe("Firestore indexes", () => {
  it("cover every query the functions run", () => {
    const missing = specs.filter(([, spec]) => !covered(spec, declared.indexes)).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("are judged by Firestore's rule: equality alone or one range needs none, equality with a range does", () => {
    expect(compositeIndexNeeded(queries.sessionsOfPairing("p"))).toBeNull();
    expect(compositeIndexNeeded(queries.draftsOfRun("r"))).toBeNull();
    expect(compositeIndexNeeded(queries.pairingsDue(new Date(), 10))).toBeNull();
    expect(compositeIndexNeeded(queries.groupsClosingBy(new Date()))).toEqual({
      equality: ["status"],
      then: ["closesAt"],
    });
    // Without its index, the daily job's last step would throw in production every day.
    const withoutGroups = declared.indexes.filter((index) => index.collectionGroup !== "advisoryGroups");
    expect(covered(queries.groupsClosingBy(new Date()), withoutGroups)).toBe(false);
  });

  it("are only needed by queries declared in store/queries.ts: no other module builds one", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
      });
    const building = files("functions/src").filter(
      (file) =>
        !file.endsWith(path.join("store", "repository.ts")) &&
        /\.(where|orderBy|collectionGroup)\(/.test(readFileSync(file, "utf8")),
    );
    expect(building).toEqual([]);
  });
});

describe("Firestore TTL policies", () => {
  // Unconfirmed applications (docs/design.md §4a), rate-limit counters and the email
  // events' replay receipts (docs/design.md §14) and the outbox (docs/design.md §13) carry an
  // `expiresAt`; the emulator never deletes them, production must.
  it.each(["applications", "rateLimits", "emailEvents", "mail"])("delete %s once expiresAt passes", (collection) => {
    expect(declared.fieldOverrides).toContainEqual(
      expect.objectContaining({ collectionGroup: collection, fieldPath: "expiresAt", ttl: true }),
    );
  });
});
