/**
 * Hosting's headers and the functions' must agree (a deploy may let either
 * win), and the client address must be one nobody can set.
 */
import { describe, expect, it } from "vitest";
import { clientAddress, isLinkPagePost, securityHeaders } from "../../functions/src/http/request.ts";
import { functionFor, hostingHeaders } from "../helpers/hosting.ts";

const linkFunctions = new Set(["proposalPage", "mentorshipPage", "applicantPage"]);
const token = "eyJwdXJwb3NlIjoiYXBwbGljYXRpb24ifQ.c2lnbmF0dXJh";

describe("Hosting and the functions send the same security headers", () => {
  it.each([
    ["/", "publicPages"],
    ["/privacitat", "publicPages"],
    ["/sollicitud/mentoria", "publicPages"],
    ["/api/applications", "applicationsApi"],
    [`/sollicitud/${token}`, "applicantPage"],
    [`/proposta/${token}`, "proposalPage"],
    [`/mentoria/${token}`, "mentorshipPage"],
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
  it("behind Hosting, tells visitors apart though one edge serves them all, and ignores what they forge", async () => {
    const { intakeLimits } = await import("../../functions/src/config.ts");
    const hops = intakeLimits.trustedForwardedHops;
    expect(hops).toBe(2); // the deployed value: Hosting's edge, then Google's front end
    const edge = "151.101.1.195";
    const visitor = (chain: string) => clientAddress(request({ "x-forwarded-for": `${chain}, ${edge}` }), hops);
    expect(visitor("203.0.113.7")).toBe("203.0.113.7");
    expect(visitor("198.51.100.4")).toBe("198.51.100.4");
    expect(visitor("6.6.6.6, 203.0.113.7")).toBe("203.0.113.7");
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
