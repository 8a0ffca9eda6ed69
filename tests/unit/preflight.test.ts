/** `npm run preflight` (docs/design.md §15): each check passes on the project and fails, saying why, on a broken copy. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { queries } from "../../functions/src/store/queries.ts";
import {
  checkAlerts,
  checkAliases,
  checkDeclaredSecrets,
  checkIndexes,
  checkReferenceData,
  checkRegions,
  checkRewrites,
  checkRules,
  checkManifest,
  checkRuntime,
  checkSecrets,
  checkTtl,
  querySpecs,
  type AlertPolicy,
  type CompositeIndex,
  type Endpoint,
  type LogMetric,
  type Rewrite,
} from "../../scripts/preflight-checks.ts";
import { readMembers, readTopics } from "../../scripts/reference-data.ts";
import { monitoringFiles } from "../../scripts/preflight.ts";

const metrics = monitoringFiles<LogMetric>("metrics");
const policies = monitoringFiles<AlertPolicy>("policies");
/** What the functions log: the built module holds the same strings as its source. */
const logged = readFileSync("functions/src/logs.ts", "utf8");

const firebase = JSON.parse(readFileSync("firebase.json", "utf8")) as {
  hosting: { rewrites: Rewrite[] };
  functions: { runtime?: string }[];
};
const declared = JSON.parse(readFileSync("firestore.indexes.json", "utf8")) as {
  indexes: CompositeIndex[];
  fieldOverrides: Parameters<typeof checkTtl>[0];
};
const indexes = declared.indexes;
const rules = readFileSync("firestore.rules", "utf8");
const indexSource = readFileSync("functions/src/index.ts", "utf8");
const region = "europe-southwest1";

/** The HTTP functions the rewrites name, as the built code would describe them. */
const endpoints: Record<string, Endpoint> = Object.fromEntries(
  firebase.hosting.rewrites.map((r) => [
    (r.function as { functionId: string }).functionId,
    { region: [region], httpsTrigger: {} },
  ]),
);

describe("the preflight", () => {
  it("passes on the project as it is", () => {
    for (const check of [
      checkAliases(JSON.parse(readFileSync(".firebaserc", "utf8")) as { projects: Record<string, string> }),
      checkRuntime(firebase.functions, "22"),
      checkRegions(endpoints, region),
      checkRewrites(firebase.hosting.rewrites, endpoints),
      checkSecrets(indexSource),
      checkIndexes(querySpecs(queries), indexes),
      checkTtl(declared.fieldOverrides),
      checkRules(rules),
      checkAlerts(metrics, policies, logged),
    ])
      expect(check, check.detail).toMatchObject({ ok: true });
  });

  it("fails on alert policies that watch nothing real, or leave one of the three concerns unwatched", () => {
    const renamed = logged.replace('"Mail sweep"', '"Mail sweep ran"');
    expect(checkAlerts(metrics, policies, renamed)).toMatchObject({
      ok: false,
      detail: 'metric xmess-mail-sweeps counts "Mail sweep", which the functions never log',
    });
    const { "no-sweep": _dropped, ...withoutSweep } = policies;
    expect(checkAlerts(metrics, withoutSweep, logged).detail).toBe("no policy on a mail sweep missing for 30 minutes");
    const { "xmess-mail-errors": _gone, ...withoutMetric } = metrics;
    const check = checkAlerts(withoutMetric, policies, logged);
    expect(check.detail).toContain("mail-errors watches xmess-mail-errors, not kept in monitoring/metrics");
    expect(check.detail).toContain("no policy on mail in ERROR");
    const slow = structuredClone(policies);
    slow["no-sweep"]!.conditions![0]!.conditionAbsent!.duration = "3600s";
    expect(checkAlerts(metrics, slow, logged).detail).toBe("no policy on a mail sweep missing for 30 minutes");
  });

  it("fails on a function deployed to another region", () => {
    const moved = { ...endpoints, onMailWritten: { region: ["us-central1"], eventTrigger: {} } };
    expect(checkRegions(moved, region)).toMatchObject({
      ok: false,
      detail: "onMailWritten is in us-central1, not europe-southwest1",
    });
  });

  it("fails on a rewrite to a missing function, or to another region", () => {
    const rewrites: Rewrite[] = [
      { source: "/api/x", function: { functionId: "ningunaApi", region } },
      { source: "/proposta/**", function: { functionId: "proposalPage", region: "us-central1" } },
    ];
    const check = checkRewrites(rewrites, endpoints);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("/api/x → ningunaApi, which the built code does not export");
    expect(check.detail).toContain("/proposta/** → proposalPage in us-central1, but it runs in europe-southwest1");
  });

  it("fails on a function that reads a secret it is not bound to", () => {
    const unbound = indexSource.replace(
      /export const applicantPage = onRequest\(\s*\{ \.\.\.publicPage, secrets: \[linkSigningKey\] \}/,
      "export const applicantPage = onRequest(\n  { ...publicPage }",
    );
    expect(unbound).not.toBe(indexSource);
    expect(checkSecrets(unbound)).toMatchObject({
      ok: false,
      detail: "applicantPage reads linkSigningKey without binding it",
    });
  });

  it("fails on a query without its index", () => {
    const withoutGroups = indexes.filter((index) => index.collectionGroup !== "advisoryGroups");
    const check = checkIndexes(querySpecs(queries), withoutGroups);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("groupsClosingBy has no index");
  });

  it("fails without the staging and production aliases, or with a demo project behind one", () => {
    expect(checkAliases({ projects: { default: "demo-xmess" } }).detail).toBe(
      '.firebaserc has no "staging" alias; .firebaserc has no "production" alias',
    );
    expect(checkAliases({ projects: { staging: "demo-xmess", production: "xmess" } }).ok).toBe(false);
    expect(checkRuntime([{ runtime: "nodejs20" }], "22").ok).toBe(false);
  });

  it("fails when functions.yaml and the bundle disagree on a function, its trigger or its secrets", () => {
    const secret = { secretEnvironmentVariables: [{ key: "LINK_SIGNING_KEY" }] };
    expect(checkManifest(endpoints, endpoints).ok).toBe(true);
    const { applicationsApi: _left, ...withoutOne } = endpoints;
    expect(checkManifest(withoutOne, endpoints).detail).toBe("applicationsApi is in the bundle, not in functions.yaml");
    expect(checkManifest(endpoints, withoutOne).detail).toBe("applicationsApi is in functions.yaml, not in the bundle");
    const unbound = { ...endpoints, applicationsApi: { ...endpoints.applicationsApi!, ...secret } };
    expect(checkManifest(unbound, endpoints).detail).toBe(
      "applicationsApi differs between functions.yaml and the bundle",
    );
  });

  it("fails on a secret nobody declared, a missing TTL policy, or rules that let a client in", () => {
    const stray = { applicantPage: { region: [region], secretEnvironmentVariables: [{ key: "OLD_KEY" }] } };
    expect(checkDeclaredSecrets(stray, ["LINK_SIGNING_KEY"]).detail).toBe(
      "applicantPage binds OLD_KEY, which config.ts does not declare",
    );
    const withoutMail = declared.fieldOverrides.filter((o) => o.collectionGroup !== "mail");
    expect(checkTtl(withoutMail)).toMatchObject({ ok: false, detail: "no TTL policy on mail.expiresAt" });
    const open = rules.replace("allow read, write: if false;", "allow read, write: if request.auth != null;");
    expect(checkRules(open)).toMatchObject({
      ok: false,
      detail: "allow read, write: if request.auth != null lets clients in",
    });
  });

  it("fails on reference data that does not validate, naming file, line and column", () => {
    const broken = readMembers("id;nom;comarca;provincia;actiu;contactes\nolot;Olot;;;potser;\n").problems;
    expect(checkReferenceData("dades", broken)).toMatchObject({
      ok: false,
      detail: "members.csv, línia 2, columna «actiu»: ha de ser «sí» o «no»",
    });
    const demo = [
      ...readMembers(readFileSync("demo/members.csv", "utf8")).problems,
      ...readTopics(readFileSync("demo/topics.csv", "utf8")).problems,
    ];
    expect(checkReferenceData("demo", demo)).toMatchObject({ ok: true });
  });
});
