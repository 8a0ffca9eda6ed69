/** docs/design.md §16: who hears what after a matching, and which links a person has. */
import { describe, expect, it } from "vitest";
import { verifyLink } from "../../functions/src/domain/links.ts";
import { matchingOutcomes } from "../../functions/src/domain/outcomes.ts";
import { linksOf, LostLinksRequest } from "../../functions/src/domain/personLinks.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { linksEmail } from "../../functions/src/views/linkEmails.ts";
import { outcomeEmail } from "../../functions/src/views/outcomeEmails.ts";
import { application, fixtureNow, pairing } from "../helpers/fixtures.ts";

const day = 24 * 60 * 60_000;
const key = "clau-de-prova";
const signing = { key, publicBaseUrl: "https://xmess.example", now: fixtureNow };
const settings = ProgrammeSettings.parse({
  secretariatEmail: "secretaria@xmess.example",
  senderEmail: "XMESS <mentories@xmess.example>",
  publicBaseUrl: "https://xmess.example",
});
const doc = <T>(id: string, data: T) => ({ id, data });

describe("matching outcomes", () => {
  const applications = [
    doc("laia", application("mentee", "olot")),
    doc(
      "nil",
      application("mentee", "vic", { status: "waitlisted", waitlistReason: "Cap persona mentora tria el tema." }),
    ),
    doc("pau", application("mentee", "reus")),
    doc("ona", application("mentee", "girona", { status: "matched" })),
    doc("marta", application("mentor", "sabadell")),
    doc("jordi", application("mentor", "tarragona")),
    doc("nova", application("mentee", "tarrega", { status: "unconfirmed" })),
    doc("fora", application("mentee", "manlleu", { status: "withdrawn" })),
    doc("abans", application("mentee", "berga", { cycle: "2025" })),
  ];
  const pairings = [
    doc("p1", pairing("laia", "marta", "proposed")),
    doc("p2", pairing("ona", "x", "accepted")),
    doc("p3", pairing("pau", "jordi", "draft")),
  ];

  it("after a cycle's run, speaks once to every confirmed applicant of the cycle, and never to a mentor with a proposal", () => {
    const run = { cycle: "2026", summary: { unmatched: [{ applicationId: "pau", reason: "No hi ha places." }] } };
    expect(matchingOutcomes(run, applications, pairings)).toEqual([
      { applicationId: "laia", kind: "proposed" },
      { applicationId: "nil", kind: "waiting", reason: "Cap persona mentora tria el tema." },
      // A draft the secretariat kept back is no proposal: Pau still waits, and hears why.
      { applicationId: "pau", kind: "waiting", reason: "No hi ha places." },
      { applicationId: "jordi", kind: "available" },
    ]);
  });

  it("after a second chance, speaks only to those it concerns", () => {
    const run = {
      cycle: "2026",
      reason: "freed" as const,
      waitlistMentee: "nil",
      summary: { pairingIds: ["p1"], unmatched: [{ applicationId: "nil", reason: "Cap plaça lliure." }] },
    };
    expect(matchingOutcomes(run, applications, pairings)).toEqual([
      { applicationId: "laia", kind: "proposed" },
      { applicationId: "nil", kind: "waiting", reason: "Cap plaça lliure." },
    ]);
  });

  it("says in Catalan what each outcome means and what happens next", () => {
    const [laia, nil, jordi] = [applications[0]!.data, applications[1]!.data, applications[5]!.data];
    const proposed = outcomeEmail("run-1", { applicationId: "laia", kind: "proposed" }, laia, "https://p", settings);
    expect(proposed).toMatchObject({ id: "outcome-run-1-laia", to: ["olot@x.example"] });
    expect(proposed.text).toContain("Té 10 dies per respondre.");
    const waiting = outcomeEmail(
      "run-1",
      { applicationId: "nil", kind: "waiting", reason: "Cap plaça lliure." },
      nil,
      "https://p",
      settings,
    );
    expect(waiting.text).toContain("Per què: Cap plaça lliure.");
    expect(waiting.text).toContain("Continues a la llista d'espera d'aquest cicle");
    const available = outcomeEmail(
      "run-1",
      { applicationId: "jordi", kind: "available" },
      jordi,
      "https://p",
      settings,
    );
    expect(available.subject).toBe("Gràcies per oferir-te com a persona mentora");
    for (const email of [proposed, waiting, available]) expect(email.text).toContain("https://p");
  });
});

describe("a person's links", () => {
  const email = "Laia@Olot.example";
  const laia = application("mentee", "olot", {
    person: { name: "Laia", email: "laia@olot.example", position: "Tècnica" },
    linkVersion: 2,
  });
  const withParty = (status: Parameters<typeof pairing>[2], role: "mentor" | "mentee", extra = {}) =>
    pairing("e", "m", status, {
      [role]: {
        applicationId: "x",
        name: "Laia",
        email: "laia@olot.example",
        municipality: { id: "olot", name: "Olot" },
      },
      ...extra,
    });

  it("lists the live application pages, a proposal until its date, and mentorship pages, each at its version", () => {
    const links = linksOf(
      email,
      {
        applications: [
          doc("viva", laia),
          doc("retirada", { ...laia, status: "withdrawn" as const }),
          doc("caducada", { ...laia, status: "unconfirmed" as const, expiresAt: new Date(fixtureNow.getTime() - day) }),
          doc("altra", application("mentee", "vic")),
        ],
        pairings: [
          doc(
            "proposta",
            withParty("proposed", "mentor", {
              proposedAt: fixtureNow,
              respondBy: new Date(fixtureNow.getTime() + 5 * day),
            }),
          ),
          doc(
            "vencuda",
            withParty("proposed", "mentor", {
              proposedAt: fixtureNow,
              respondBy: new Date(fixtureNow.getTime() - day),
            }),
          ),
          doc("mentoria", withParty("accepted", "mentee", { linkVersion: 3 })),
          doc("acabada", withParty("completed", "mentor")),
          doc("anullada", withParty("cancelled", "mentee")),
        ],
      },
      signing,
    );
    expect(links.map((l) => `${l.what}:${l.id}`)).toEqual([
      "application:viva",
      "proposal:proposta",
      "mentorship:mentoria",
      "mentorship:acabada",
    ]);
    const claims = links.map((l) => verifyLink(key, l.url.split("/").at(-1)!, fixtureNow));
    expect(claims.map((c) => c.ok && c.claims.version)).toEqual([2, 0, 3, 0]);
    expect(claims.map((c) => c.ok && c.claims.purpose)).toEqual([
      "application",
      "proposal",
      "mentorship",
      "mentorship",
    ]);
  });

  it("writes them in one email, the same frame whether asked for or replaced", () => {
    const links = linksOf(email, { applications: [doc("viva", laia)], pairings: [] }, signing);
    const asked = linksEmail("links-1", "laia@olot.example", links, "asked", settings);
    expect(asked.subject).toBe("Els teus enllaços del programa de la XMESS");
    expect(asked.text).toContain("La teva sol·licitud (");
    expect(asked.text).toContain(links[0]!.url);
    expect(asked.html).toContain(`href="${links[0]!.url}"`);
    const replaced = linksEmail("links-2", "laia@olot.example", links, "replaced", settings);
    expect(replaced.text).toContain("els anteriors ja no funcionen");
  });

  it("asks for one valid address, stored as intake stores it", () => {
    expect(LostLinksRequest.parse({ email: " Laia@Olot.Example " }).email).toBe("laia@olot.example");
    expect(LostLinksRequest.safeParse({ email: "no-és-adreça" }).error?.issues[0]?.message).toBe(
      "Escriu una adreça electrònica vàlida, com ara nom@ajuntament.cat.",
    );
  });
});
