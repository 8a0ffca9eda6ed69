/** Hosting's rules as firebase.json declares them, matched the way Hosting matches them. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../../scripts/emulators.ts";

export interface Rule {
  source?: string;
  regex?: string;
}

export const hosting = JSON.parse(readFileSync(path.join(root, "firebase.json"), "utf8")).hosting as {
  public: string;
  rewrites: (Rule & { function: { functionId: string; region: string } })[];
  headers: (Rule & { headers: { key: string; value: string }[] })[];
};

/** Hosting's globs as used here: `**` any path, `*` one segment's characters. */
export const matcher = (rule: Rule) =>
  rule.regex
    ? new RegExp(rule.regex)
    : new RegExp(
        `^${rule
          .source!.replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*\*/g, "§")
          .replace(/\*/g, "[^/]*")
          .replace(/§/g, ".*")}$`,
      );

/** Rewrites: the first rule that matches wins. */
export const functionFor = (urlPath: string) =>
  hosting.rewrites.find((rule) => matcher(rule).test(urlPath))?.function.functionId;

/** Headers: every matching rule applies, a later one overriding an earlier one's key. */
export function hostingHeaders(urlPath: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of hosting.headers)
    if (matcher(rule).test(urlPath)) for (const { key, value } of rule.headers) headers[key] = value;
  return headers;
}
