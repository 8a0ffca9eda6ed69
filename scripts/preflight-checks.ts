/**
 * What `npm run preflight` checks before a deploy (docs/design.md §15): what the
 * emulator does not enforce and production does. Pure: each check takes what
 * scripts/preflight.ts read (the functions as firebase-tools discovers them from
 * the built code, firebase.json, the indexes, the wiring's source) and answers
 * one line, so each is tested on broken copies.
 */
import ts from "typescript";
import { problemText, type Problem } from "./reference-data.ts";
import type { QuerySpec } from "../functions/src/store/repository.ts";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** What firebase-tools reads off each exported function (`__endpoint`). */
export interface Endpoint {
  region?: string[];
  platform?: string;
  httpsTrigger?: object;
  eventTrigger?: object;
  scheduleTrigger?: object;
  secretEnvironmentVariables?: { key: string }[];
}

export interface Rewrite {
  source?: string;
  regex?: string;
  function?: string | { functionId: string; region?: string };
}

const result = (name: string, problems: string[], okDetail: string): CheckResult => ({
  name,
  ok: problems.length === 0,
  detail: problems.length === 0 ? okDetail : problems.join("; "),
});

/** Every function in the region the database and the rewrites use. */
export function checkRegions(endpoints: Record<string, Endpoint>, region: string): CheckResult {
  const wrong = Object.entries(endpoints)
    .filter(([, e]) => !(e.region ?? []).includes(region))
    .map(([name, e]) => `${name} is in ${(e.region ?? ["(default)"]).join(", ")}, not ${region}`);
  return result("regions", wrong, `${Object.keys(endpoints).length} functions, all in ${region}`);
}

/** Every Hosting rewrite to a function names an HTTP function that exists, in its region. */
export function checkRewrites(rewrites: readonly Rewrite[], endpoints: Record<string, Endpoint>): CheckResult {
  const problems = rewrites.flatMap((rewrite) => {
    if (!rewrite.function) return [];
    const { functionId, region } =
      typeof rewrite.function === "string" ? { functionId: rewrite.function, region: undefined } : rewrite.function;
    const where = rewrite.source ?? rewrite.regex ?? "?";
    const endpoint = endpoints[functionId];
    if (!endpoint) return [`${where} → ${functionId}, which the built code does not export`];
    if (!endpoint.httpsTrigger) return [`${where} → ${functionId}, which does not answer HTTP`];
    if (region && !(endpoint.region ?? []).includes(region))
      return [`${where} → ${functionId} in ${region}, but it runs in ${(endpoint.region ?? []).join(", ")}`];
    return [];
  });
  const count = rewrites.filter((r) => r.function).length;
  return result("rewrites", problems, `${count} rewrites to functions that exist where they say`);
}

/**
 * A secret read in a function's handler (`name.value()`) must be bound to that
 * function (`secrets: [name]`): unbound, production gives it no value. Read from
 * the wiring's source (functions/src/index.ts) with the TypeScript parser.
 */
export function checkSecrets(indexSource: string): CheckResult {
  const file = ts.createSourceFile("index.ts", indexSource, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  let functions = 0;
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const call = declaration.initializer;
      if (!call || !ts.isCallExpression(call)) continue;
      functions++;
      const name = declaration.name.getText(file);
      const bound = new Set<string>();
      const read = new Set<string>();
      const visit = (node: ts.Node) => {
        if (ts.isPropertyAssignment(node) && node.name.getText(file) === "secrets") {
          if (ts.isArrayLiteralExpression(node.initializer))
            for (const element of node.initializer.elements) bound.add(element.getText(file));
        }
        if (
          ts.isCallExpression(node) &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.name.text === "value" &&
          ts.isIdentifier(node.expression.expression)
        )
          read.add(node.expression.expression.text);
        ts.forEachChild(node, visit);
      };
      visit(call);
      for (const secret of read) if (!bound.has(secret)) problems.push(`${name} reads ${secret} without binding it`);
    }
  }
  return result("secrets", problems, `every secret read by the ${functions} functions is bound to it`);
}

interface IndexField {
  fieldPath: string;
  order?: string;
}
export interface CompositeIndex {
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
export function compositeIndexNeeded(spec: QuerySpec): { equality: string[]; then: string[] } | null {
  const equality = [...new Set(spec.where.filter(([, op]) => equalityOps.has(op)).map(([field]) => field))];
  const ranges = spec.where.filter(([, op]) => !equalityOps.has(op)).map(([field]) => field);
  const then = [...new Set([...ranges, ...(spec.orderBy ? [spec.orderBy] : [])])];
  if (then.length === 0) return null;
  if (equality.length === 0 && then.length === 1) return null;
  return { equality, then };
}

export function covered(spec: QuerySpec, indexes: readonly CompositeIndex[]): boolean {
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

/** Every query the functions run (`store/queries.ts`), with placeholder arguments: a query's shape does not depend on its values. */
export function querySpecs(queries: Record<string, (...args: never[]) => QuerySpec>): [string, QuerySpec][] {
  return Object.entries(queries).map(([name, build]) => [
    name,
    (build as (...args: unknown[]) => QuerySpec)(...Array<unknown>(build.length).fill("x")),
  ]);
}

export function checkIndexes(specs: readonly [string, QuerySpec][], indexes: readonly CompositeIndex[]): CheckResult {
  const missing = specs.filter(([, spec]) => !covered(spec, indexes)).map(([name]) => `${name} has no index`);
  return result("indexes", missing, `${specs.length} queries, each with the index it needs`);
}

/** The project aliases a deploy names: `staging` and `production`, never the demo project. */
export function checkAliases(firebaserc: { projects?: Record<string, string> }): CheckResult {
  const projects = firebaserc.projects ?? {};
  const problems = ["staging", "production"].flatMap((alias) =>
    !projects[alias]
      ? [`.firebaserc has no "${alias}" alias`]
      : projects[alias]!.startsWith("demo-")
        ? [`"${alias}" points at ${projects[alias]}, a demo project`]
        : [],
  );
  return result("aliases", problems, `staging → ${projects.staging}, production → ${projects.production}`);
}

/** Functions bind only secrets the configuration declares (`defineSecret`): another name would be asked for at deploy. */
export function checkDeclaredSecrets(endpoints: Record<string, Endpoint>, declared: readonly string[]): CheckResult {
  const problems = Object.entries(endpoints).flatMap(([name, e]) =>
    (e.secretEnvironmentVariables ?? [])
      .filter(({ key }) => !declared.includes(key))
      .map(({ key }) => `${name} binds ${key}, which config.ts does not declare`),
  );
  return result("declared secrets", problems, `only ${declared.join(", ")}`);
}

/** Collections whose documents carry `expiresAt` and must be deleted by a TTL policy (docs/design.md §13). */
export const ttlCollections = ["applications", "rateLimits", "emailEvents", "mail", "guardedChanges"] as const;

export function checkTtl(fieldOverrides: readonly { collectionGroup: string; fieldPath: string; ttl?: boolean }[]) {
  const missing = ttlCollections
    .filter((c) => !fieldOverrides.some((o) => o.collectionGroup === c && o.fieldPath === "expiresAt" && o.ttl))
    .map((c) => `no TTL policy on ${c}.expiresAt`);
  return result("TTL policies", missing, `on ${ttlCollections.join(", ")}`);
}

/** The rules deny clients everything: the one `allow` is `if false` (the functions act for them). */
export function checkRules(rules: string): CheckResult {
  const allows = [...rules.matchAll(/^\s*allow\s+([^:]+):\s*(.+?);?\s*$/gm)].map(([, what, condition]) => ({
    what: what!.trim(),
    condition: condition!.replace(/;$/, "").trim(),
  }));
  const problems = [
    ...(allows.length === 0 ? ["firestore.rules has no allow rule at all"] : []),
    ...allows.filter((a) => a.condition !== "if false").map((a) => `allow ${a.what}: ${a.condition} lets clients in`),
  ];
  return result("rules", problems, "clients are denied everything");
}

/**
 * The manifest the CLI reads (`functions.yaml`) names exactly the functions the
 * bundle exports, each with the same trigger and secrets (docs/operations.md, "The bundle").
 */
export function checkManifest(manifest: Record<string, Endpoint>, bundled: Record<string, Endpoint>): CheckResult {
  const shape = (e: Endpoint) =>
    JSON.stringify({
      trigger: Object.keys(e).filter((key) => key.endsWith("Trigger")),
      secrets: (e.secretEnvironmentVariables ?? []).map((s) => s.key).sort(),
    });
  const problems = [
    ...Object.keys(bundled)
      .filter((name) => !manifest[name])
      .map((name) => `${name} is in the bundle, not in functions.yaml`),
    ...Object.keys(manifest)
      .filter((name) => !bundled[name])
      .map((name) => `${name} is in functions.yaml, not in the bundle`),
    ...Object.keys(manifest)
      .filter((name) => bundled[name] && shape(manifest[name]!) !== shape(bundled[name]!))
      .map((name) => `${name} differs between functions.yaml and the bundle`),
  ];
  return result(
    "manifest",
    problems,
    `functions.yaml and the bundle agree on ${Object.keys(bundled).length} functions`,
  );
}

/** The deploy runtime: Node 22 in firebase.json, as the toolchain tests it. */
export function checkRuntime(functionsConfig: { runtime?: string }[], testedMajor: string): CheckResult {
  const runtimes = functionsConfig.map((f) => f.runtime ?? "(none)");
  const wrong = runtimes
    .filter((r) => r !== `nodejs${testedMajor}`)
    .map((r) => `runtime ${r}, tests run on Node ${testedMajor}`);
  return result("runtime", wrong, `nodejs${testedMajor}`);
}

/** The reference-data files a deploy will import validate (`npm run data`'s own rules). */
export function checkReferenceData(dir: string, problems: readonly Problem[]): CheckResult {
  return result(
    "reference data",
    problems.map(problemText),
    `${dir}: members.csv, topics.csv and settings.json validate`,
  );
}

/** A log-based metric as `gcloud logging metrics create --config-from-file` reads it. */
export interface LogMetric {
  description?: string;
  filter?: string;
  metricDescriptor?: { metricKind?: string; valueType?: string };
}

type Condition = { filter?: string; duration?: string };
/** A Cloud Monitoring alert policy as `gcloud monitoring policies create --policy-from-file` reads it. */
export interface AlertPolicy {
  displayName?: string;
  conditions?: { displayName?: string; conditionThreshold?: Condition; conditionAbsent?: Condition }[];
}

const seconds = (duration: string | undefined) => Number(/^(\d+)s$/.exec(duration ?? "")?.[1] ?? NaN);

/**
 * The second channel (docs/design.md §15): every metric counts log lines the
 * functions really write (`loggedSource`, the built logs module), every policy
 * watches a metric kept here, and together they cover function errors, mail in
 * `ERROR` and a mail sweep missing for 30 minutes.
 */
export function checkAlerts(
  metrics: Record<string, LogMetric>,
  policies: Record<string, AlertPolicy>,
  loggedSource: string,
): CheckResult {
  const problems: string[] = [];
  for (const [name, metric] of Object.entries(metrics)) {
    if (!metric.filter) problems.push(`metric ${name} has no filter`);
    if (metric.metricDescriptor?.metricKind !== "DELTA" || metric.metricDescriptor.valueType !== "INT64")
      problems.push(`metric ${name} is not a DELTA INT64 counter`);
    for (const [, message] of (metric.filter ?? "").matchAll(/jsonPayload\.message="([^"]+)"/g))
      if (!loggedSource.includes(JSON.stringify(message)))
        problems.push(`metric ${name} counts "${message}", which the functions never log`);
  }
  const watched: { metric: LogMetric; absent: boolean; duration: number }[] = [];
  for (const [file, policy] of Object.entries(policies)) {
    if (!policy.displayName) problems.push(`${file} has no displayName`);
    if (!policy.conditions?.length) problems.push(`${file} has no condition`);
    for (const condition of policy.conditions ?? []) {
      const kinds = [condition.conditionThreshold, condition.conditionAbsent].filter(Boolean);
      const watchedCondition = condition.conditionThreshold ?? condition.conditionAbsent;
      const name = /metric\.type="logging\.googleapis\.com\/user\/([^"]+)"/.exec(watchedCondition?.filter ?? "")?.[1];
      if (kinds.length !== 1) problems.push(`${file}: a condition needs one conditionThreshold or conditionAbsent`);
      else if (!name || !metrics[name])
        problems.push(`${file} watches ${name ?? "no log-based metric"}, not kept in monitoring/metrics`);
      else
        watched.push({
          metric: metrics[name],
          absent: Boolean(condition.conditionAbsent),
          duration: seconds(watchedCondition?.duration),
        });
    }
  }
  const covers = (test: (w: (typeof watched)[number]) => boolean) => watched.some(test);
  const filterOf = (w: (typeof watched)[number]) => w.metric.filter ?? "";
  if (!covers((w) => !w.absent && filterOf(w).includes("severity>=ERROR")))
    problems.push("no policy on the functions' errors");
  if (!covers((w) => !w.absent && filterOf(w).includes('jsonPayload.state="ERROR"')))
    problems.push("no policy on mail in ERROR");
  if (!covers((w) => w.absent && filterOf(w).includes('jsonPayload.message="Mail sweep"') && w.duration <= 1800))
    problems.push("no policy on a mail sweep missing for 30 minutes");
  return result(
    "alert policies",
    problems,
    `${Object.keys(metrics).length} log-based metrics and ${Object.keys(policies).length} policies: function errors, mail in ERROR, no sweep for 30 minutes`,
  );
}
