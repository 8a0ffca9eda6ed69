/**
 * docs/design.md §15: the preflight reads the functions as firebase-tools discovers
 * them, from the code the suite built (the unit tier checks each rule on broken copies).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { discoveredEndpoints } from "../../scripts/preflight.ts";
import { checkRegions, checkRewrites, type Rewrite } from "../../scripts/preflight-checks.ts";

describe("the preflight on the built code", () => {
  it("discovers every exported function with its trigger, and finds them in place", () => {
    const endpoints = discoveredEndpoints();
    const source = readFileSync("functions/src/index.ts", "utf8");
    const exported = [...source.matchAll(/^export const (\w+) = on/gm)].map(([, name]) => name).sort();
    expect(Object.keys(endpoints).sort()).toEqual(exported);
    expect(endpoints.applicationsApi!.httpsTrigger).toBeDefined();
    expect(endpoints.onMailWritten!.eventTrigger).toBeDefined();
    expect(endpoints.runDeadlines!.scheduleTrigger).toBeDefined();
    const rewrites = (JSON.parse(readFileSync("firebase.json", "utf8")) as { hosting: { rewrites: Rewrite[] } }).hosting
      .rewrites;
    expect(checkRegions(endpoints, "europe-southwest1")).toMatchObject({ ok: true });
    expect(checkRewrites(rewrites, endpoints)).toMatchObject({ ok: true });
  });
});
