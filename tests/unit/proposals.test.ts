import { describe, expect, it } from "vitest";
import {
  applicationLink,
  isRevoked,
  participantLinks,
  signLink,
  verifyLink,
  type LinkClaims,
} from "../../functions/src/domain/links.ts";
import {
  expireProposal,
  linkExpiry,
  Pairing,
  pairingId,
  proposalDates,
  respondToProposal,
} from "../../functions/src/domain/pairing.ts";

const key = "clau-de-prova-prou-llarga";
const now = new Date("2026-10-15T08:00:00Z");
const claims: LinkClaims = {
  pairingId: "2026-abc",
  role: "mentor",
  purpose: "proposal",
  expiresAt: now.getTime() + 1000,
  version: 0,
};

describe("signed links", () => {
  it("verify with the same key and return the claims", () => {
    expect(verifyLink(key, signLink(key, claims), now)).toEqual({ ok: true, claims });
  });
  it("reject a tampered payload or signature, another key, and garbage", () => {
    const token = signLink(key, claims);
    const [payload, signature] = token.split(".");
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, pairingId: "2026-altre" })).toString("base64url");
    expect(verifyLink(key, `${otherPayload}.${signature}`, now)).toEqual({ ok: false, problem: "invalid" });
    expect(verifyLink(key, `${payload}.${signature!.slice(0, -2)}xx`, now)).toEqual({ ok: false, problem: "invalid" });
    expect(verifyLink("una-altra-clau", token, now)).toEqual({ ok: false, problem: "invalid" });
    for (const junk of ["", "abc", "a.b.c", `${payload}.`]) expect(verifyLink(key, junk, now).ok).toBe(false);
  });
  it("expire at expiresAt", () => {
    const token = signLink(key, claims);
    expect(verifyLink(key, token, new Date(claims.expiresAt))).toEqual({ ok: false, problem: "expired" });
  });
  it("are bound to one pairing and role: claims are inside the signature", () => {
    expect(signLink(key, { ...claims, role: "mentee" })).not.toBe(signLink(key, claims));
  });
  it("carry their document's linkVersion, and a raised version revokes every older link", () => {
    const tokenOf = (url: string) => url.split("/").pop()!;
    const old = verifyLink(key, tokenOf(applicationLink({ id: "2026-mentee-1" }, key, "https://x.example", now)), now);
    expect(old).toMatchObject({
      ok: true,
      claims: { purpose: "application", applicationId: "2026-mentee-1", version: 0 },
    });
    if (!old.ok) return;
    expect(isRevoked(old.claims, {})).toBe(false);
    expect(isRevoked(old.claims, { linkVersion: 1 })).toBe(true);
    const fresh = verifyLink(
      key,
      tokenOf(participantLinks({ id: "p", linkVersion: 1 }, key, "https://x.example", now).mentee),
      now,
    );
    expect(fresh).toMatchObject({ ok: true, claims: { purpose: "mentorship", version: 1 } });
    if (fresh.ok) expect(isRevoked(fresh.claims, { linkVersion: 1 })).toBe(false);
  });
  it("retire one participant's pairing links without touching the other's", () => {
    const tokenOf = (url: string) => url.split("/").pop()!;
    const before = participantLinks({ id: "p", linkVersion: 1 }, key, "https://x.example", now);
    const corrected = { linkVersion: 1, roleLinkVersions: { mentee: 1 } };
    const check = (url: string) => {
      const verified = verifyLink(key, tokenOf(url), now);
      if (!verified.ok) throw new Error("a valid link");
      return isRevoked(verified.claims, corrected);
    };
    expect(check(before.mentee)).toBe(true);
    expect(check(before.mentor)).toBe(false);
    const after = participantLinks({ id: "p", ...corrected }, key, "https://x.example", now);
    expect(check(after.mentee)).toBe(false);
    expect(check(after.mentor)).toBe(false);
  });
  it("read a link issued before versions existed as version 0", () => {
    const { version: _v, ...legacy } = claims;
    expect(verifyLink(key, signLink(key, legacy), now)).toEqual({ ok: true, claims });
  });
});

describe("proposal transitions", () => {
  const proposed = Pairing.parse({
    cycle: "2026",
    mentor: { applicationId: "r", name: "R", email: "r@x.example", municipality: { id: "a", name: "A" } },
    mentee: { applicationId: "e", name: "E", email: "e@x.example", municipality: { id: "b", name: "B" } },
    status: "proposed",
    ...proposalDates(now, 10),
  });
  const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

  it("gives a proposal its response deadline as the next deadline", () => {
    expect(proposalDates(now, 10)).toEqual({ proposedAt: now, respondBy: later(10), nextDeadlineAt: later(10) });
    expect(linkExpiry(later(10))).toBe(later(11).getTime());
  });
  it("accepts or declines a proposal in time, once", () => {
    expect(respondToProposal(proposed, "accept", later(1))).toEqual({
      outcome: "accepted",
      update: { status: "accepted", acceptedAt: later(1), nextDeadlineAt: null },
    });
    expect(respondToProposal(proposed, "decline", later(1))).toMatchObject({
      outcome: "declined",
      update: { status: "declined" },
    });
    for (const status of ["draft", "accepted", "declined", "expired", "cancelled"] as const) {
      expect(respondToProposal({ ...proposed, status }, "accept", later(1))).toEqual({ outcome: "unchanged", status });
    }
  });
  it("expires a proposal past respondBy, whether the deadline or a late answer finds it", () => {
    expect(expireProposal(proposed, later(9))).toEqual({ outcome: "unchanged", status: "proposed" });
    expect(expireProposal(proposed, later(10))).toMatchObject({
      outcome: "expired",
      update: { status: "expired", expiredAt: later(10) },
    });
    expect(respondToProposal(proposed, "accept", later(12))).toMatchObject({ outcome: "expired" });
  });
  it("names a pair the same way every time, per cycle", () => {
    expect(pairingId("2026", "e", "r")).toBe(pairingId("2026", "e", "r"));
    expect(pairingId("2026", "e", "r")).not.toBe(pairingId("2026", "r", "e"));
    expect(pairingId("2026", "e", "r")).toMatch(/^2026-[0-9a-f]{16}$/);
  });
});
