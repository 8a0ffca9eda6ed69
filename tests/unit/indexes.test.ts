/**
 * The emulator does not enforce indexes; production does. Every query the
 * functions run is declared in `store/queries.ts`, and each is checked here
 * against `firestore.indexes.json` with Firestore's rule for when a query
 * needs a composite index (the preflight's rule, scripts/preflight-checks.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { queries } from "../../functions/src/store/queries.ts";
import {
  compositeIndexNeeded,
  covered,
  querySpecs,
  ttlCollections,
  type CompositeIndex,
} from "../../scripts/preflight-checks.ts";

const declared = JSON.parse(readFileSync("firestore.indexes.json", "utf8")) as {
  indexes: CompositeIndex[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean }[];
};
const specs = querySpecs(queries);

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
  // `expiresAt`, and so do the mass-change guard's change records (docs/design.md §15); the
  // emulator never deletes them, production must.
  it.each([...ttlCollections])("delete %s once expiresAt passes", (collection) => {
    expect(declared.fieldOverrides).toContainEqual(
      expect.objectContaining({ collectionGroup: collection, fieldPath: "expiresAt", ttl: true }),
    );
  });
});
