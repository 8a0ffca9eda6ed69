/**
 * Hosting's headers and the functions' must agree (a deploy may let either
 * win), and the client address must be one nobody can set.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientAddress, isLinkPagePost, securityHeaders } from "../../functions/src/http/request.ts";
import { root } from "../../scripts/emulators.ts";

interface Rule {
  source?: string;
  regex?: string;
}
const hosting = JSON.parse(readFileSync(path.join(root, "firebase.json"), "utf8")).hosting as {
  rewrites: (Rule & { function: { functionId: string } })[];
  headers: (Rule & { headers: { key: string; value: string }[] })[];
};

/** Hosting's globs as used here: `**` any path, `*` one segment's characters. */
const matcher = (rule: Rule) =>
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
const functionFor = (url: string) => hosting.rewrites.find((rule) => matcher(rule).test(url))?.function.functionId;

/** Headers: every matching rule applies, a later one overriding an earlier one's key. */
function hostingHeaders(url: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of hosting.headers)
    if (matcher(rule).test(url)) for (const { key, value } of rule.headers) headers[key] = value;
  return headers;
}

const linkFunctions = new Set(["proposals", "mentorship", "applicant"]);
const token = "eyJwdXJwb3NlIjoiYXBwbGljYXRpb24ifQ.c2lnbmF0dXJh";

describe("Hosting and the functions send the same security headers", () => {
  it.each([
    ["/", "pages"],
    ["/privacitat", "pages"],
    ["/sollicitud/mentoria", "pages"],
    ["/api/applications", "applications"],
    [`/sollicitud/${token}`, "applicant"],
    [`/proposta/${token}`, "proposals"],
    [`/mentoria/${token}`, "mentorship"],
  ])("%s (served by %s)", (url, functionId) => {
    expect(functionFor(url)).toBe(functionId);
    const fromFunction: Record<string, string> = {
      ...securityHeaders,
      ...(linkFunctions.has(functionId) ? { "Referrer-Policy": "no-referrer" } : {}),
    };
    expect(hostingHeaders(url)).toEqual(fromFunction);
  });
  it("forbid inline script, framing and posting elsewhere", () => {
    const csp = securityHeaders["Content-Security-Policy"];
    for (const directive of ["default-src 'self'", "form-action 'self'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toContain("unsafe-inline");
  });
});

const request = (headers: Record<string, string>, remoteAddress = "10.0.0.9") =>
  ({ headers, socket: { remoteAddress } }) as unknown as Parameters<typeof clientAddress>[0];

describe("clientAddress", () => {
  it("takes the entry the platform appended, whatever the client put before it", () => {
    expect(clientAddress(request({ "x-forwarded-for": "1.1.1.1, 2.2.2.2, 203.0.113.7" }), 1)).toBe("203.0.113.7");
    expect(clientAddress(request({ "x-forwarded-for": "9.9.9.9,203.0.113.7" }), 1)).toBe("203.0.113.7");
  });
  it("uses the socket's peer where nothing trusted writes the header (the emulator)", () => {
    expect(clientAddress(request({ "x-forwarded-for": "1.1.1.1" }), 0)).toBe("10.0.0.9");
    expect(clientAddress(request({}), 1)).toBe("10.0.0.9");
  });
});

describe("isLinkPagePost", () => {
  const site = "https://xmess.example";
  const post = (headers: Record<string, string>) =>
    isLinkPagePost({ headers } as unknown as Parameters<typeof isLinkPagePost>[0], site);
  it("accepts the null origin a no-referrer page's form sends, and our own origin", () => {
    expect(post({ origin: "null", "sec-fetch-site": "same-origin" })).toBe(true);
    expect(post({ origin: site })).toBe(true);
  });
  it("refuses another site, or a browser that says the post is cross-site", () => {
    expect(post({ origin: "https://dolent.example" })).toBe(false);
    expect(post({ origin: "null", "sec-fetch-site": "cross-site" })).toBe(false);
  });
});
