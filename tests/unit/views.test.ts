import { describe, expect, it } from "vitest";
import { applicationFormPage } from "../../functions/src/views/applicationForm.ts";
import { applicationEmails, confirmationRequest } from "../../functions/src/views/emails.ts";
import { escapeHtml, html } from "../../functions/src/views/html.ts";
import { decideIntake, fieldMessages } from "../../functions/src/domain/application.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { defaultAvailabilitySlots } from "../../functions/src/domain/slots.ts";
import {
  emailCapCounter,
  intakeMailDayCounter,
  mailboxOf,
  rateLimitBucket,
} from "../../functions/src/domain/rateLimit.ts";

const view = {
  kind: "mentor" as const,
  members: [{ id: "vic", name: "Vic", active: true }],
  topics: [{ id: "t", label: "Comerç just", active: true }],
  modes: ["presencial" as const],
  slots: defaultAvailabilitySlots,
  settings: ProgrammeSettings.parse({
    secretariatEmail: "secretaria@xmess.example",
    senderEmail: "XMESS <hola@xmess.example>",
    publicBaseUrl: "https://xmess.example",
  }),
  window: { open: false as const, next: null },
};

describe("html", () => {
  it("escapes every interpolated value", () => {
    expect(html`<p>${'<script>alert("x")</script>'}</p>`.value).toBe(
      "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>",
    );
    expect(escapeHtml("l'Hospitalet & <b>")).toBe("l&#39;Hospitalet &amp; &lt;b&gt;");
  });
});

describe("applicationFormPage", () => {
  it("shows the closed state instead of the form outside the window", () => {
    const page = applicationFormPage(view);
    expect(page).toContain("Les inscripcions a la mentoria estan tancades");
    expect(page).not.toContain("<form");
  });
  it("links each error in the summary to its field and keeps what the person typed", () => {
    const page = applicationFormPage({
      ...view,
      window: {
        open: true,
        cycle: {
          id: "2026",
          applicationsOpenAt: new Date(),
          applicationsCloseAt: new Date(),
          matchingAt: new Date(),
          startsAt: new Date(),
        },
      },
      values: { name: "<Anna>", topics: "t" },
      errors: { email: fieldMessages("mentor").email, topics: "x", consent: fieldMessages("mentor").consent },
    });
    expect(page).toContain("<title>Error: ");
    expect(page).toContain('href="#email"');
    expect(page).toContain('href="#topics-0"');
    expect(page).toContain('id="email-error"');
    expect(page).toContain('aria-describedby="email-hint email-error"');
    expect(page).toContain('value="&lt;Anna&gt;"');
    expect(page).toMatch(/id="topics-0" name="topics" value="t" checked/);
    expect(page).toContain("Hi ha 3 problemes");
  });
});

describe("applicationEmails", () => {
  const settings = ProgrammeSettings.parse({
    secretariatEmail: "sec@xmess.example",
    senderEmail: "x@xmess.example",
    publicBaseUrl: "https://x.example",
  });
  const submitted = {
    kind: "advisory" as const,
    person: { name: "Pau <Roig>", email: "pau@vic.example", position: "Tècnic" },
    municipality: { id: "vic", name: "Vic" },
    topics: ["t"],
    topicLabels: ["Comerç just"],
    description: "Com començar?",
    modes: ["virtual" as const],
  };
  const link = "https://x.example/sollicitud/token.signatura";
  it("asks an unproven address to confirm in fixed words: nothing the submitter typed but the reference", () => {
    const typed = {
      ...submitted,
      person: { ...submitted.person, name: "Visita http://estafa.example" },
      description: "Compra ara!",
    };
    const draft = confirmationRequest(
      "m-1",
      typed.person.email,
      "advisory-1",
      link,
      new Date("2026-12-08T10:00:00Z"),
      "Europe/Madrid",
    );
    expect(draft).toMatchObject({ id: "m-1", to: ["pau@vic.example"], template: "application-confirm" });
    for (const part of [draft.subject, draft.text, draft.html]) {
      expect(part).not.toContain("estafa");
      expect(part).not.toContain("Compra");
      expect(part).not.toContain("Pau");
    }
    expect(draft.text).toContain(link);
    expect(draft.text).toContain("advisory-1");
    expect(draft.text).toContain("el 8 de desembre de 2026");
  });
  it("confirms to the applicant with their page link and notifies the secretariat, with deterministic ids and escaped text", () => {
    const app = decideIntake(submitted, null, null, new Date(), new Date()).application;
    const [confirmation, notice] = applicationEmails("advisory-1", app, null, settings, link);
    expect(confirmation!.text).toContain(link);
    expect(confirmation).toMatchObject({
      id: "application-advisory-1-r1-applicant",
      to: ["pau@vic.example"],
      replyTo: "sec@xmess.example",
    });
    expect(notice).toMatchObject({
      id: "application-advisory-1-r1-secretariat",
      to: ["sec@xmess.example"],
      replyTo: "pau@vic.example",
    });
    expect(confirmation!.subject).toBe("Hem rebut la teva sol·licitud (assessorament)");
    expect(confirmation!.html).toContain("Pau &lt;Roig&gt;");
    expect(confirmation!.text).toContain("Pau <Roig>");
    expect(notice!.text).toContain("Comerç just");
  });
  it("shows a mentor's availability slots in words, with the notes apart, to the applicant and the secretariat", () => {
    const mentor = {
      ...submitted,
      kind: "mentor" as const,
      capacity: 1,
      slots: ["dl-mati", "dc-tarda"],
      availability: "No a l'agost.",
    };
    const app = decideIntake(mentor, null, null, new Date(), new Date()).application;
    for (const email of applicationEmails("2026-mentor-1", { ...app, status: "received" }, null, settings, link)) {
      expect(email.text).toContain("Disponibilitat: Dilluns al matí i dimecres a la tarda");
      expect(email.text).toContain("Notes de disponibilitat: No a l'agost.");
    }
  });

  it("says 'updated' for a later revision", () => {
    const app = { ...decideIntake(submitted, null, null, new Date(), new Date()).application, revision: 2 };
    const [confirmation] = applicationEmails("advisory-1", app, null, settings, link);
    expect(confirmation!.id).toBe("application-advisory-1-r2-applicant");
    expect(confirmation!.subject).toContain("Hem actualitzat");
  });
});

describe("rateLimitBucket and emailCapCounter", () => {
  const secret = "secret-de-prova";
  it("puts one client's requests in the same hourly window and stores only a keyed hash", () => {
    const hour = 3_600_000;
    const a = rateLimitBucket(secret, "203.0.113.7", new Date(10 * hour + 5), hour);
    const b = rateLimitBucket(secret, "203.0.113.7", new Date(11 * hour - 1), hour);
    expect(a.id).toBe(b.id);
    expect(a.id).not.toContain("203");
    expect(rateLimitBucket(secret, "203.0.113.8", new Date(10 * hour), hour).id).not.toBe(a.id);
    expect(rateLimitBucket(secret, "203.0.113.7", new Date(11 * hour), hour).id).not.toBe(a.id);
    // Without the secret nobody can recompute whose counter it is.
    expect(rateLimitBucket("una-altra-clau", "203.0.113.7", new Date(10 * hour), hour).id).not.toBe(a.id);
    expect(a.retryAfterSeconds).toBe(3600);
  });
  it("counts intake emails per address and programme day, whatever the case of the address", () => {
    const morning = new Date("2026-12-01T07:00:00Z");
    const night = new Date("2026-12-01T22:59:00Z");
    const nextDay = new Date("2026-12-01T23:01:00Z"); // already 2 December in Madrid
    const a = emailCapCounter(secret, "victima@ajuntament.cat", morning, "Europe/Madrid");
    expect(emailCapCounter(secret, "Victima@Ajuntament.cat", night, "Europe/Madrid").id).toBe(a.id);
    expect(emailCapCounter(secret, "victima@ajuntament.cat", nextDay, "Europe/Madrid").id).not.toBe(a.id);
    expect(a.id).not.toContain("victima");
  });
  it("counts a mailbox: sub-addresses fold into the address they deliver to", () => {
    const now = new Date("2026-12-01T07:00:00Z");
    const a = emailCapCounter(secret, "victima@ajuntament.cat", now, "Europe/Madrid");
    for (const alias of ["victima+1@ajuntament.cat", "Victima+qualsevol+cosa@Ajuntament.cat"])
      expect(emailCapCounter(secret, alias, now, "Europe/Madrid").id).toBe(a.id);
    expect(emailCapCounter(secret, "victima@altre.cat", now, "Europe/Madrid").id).not.toBe(a.id);
    expect(mailboxOf("Marta+Beques@Vic.cat")).toBe("marta@vic.cat");
  });
  it("keeps one day's intake mail counter for everyone, by the programme's day", () => {
    const night = intakeMailDayCounter(new Date("2026-12-01T22:59:00Z"), "Europe/Madrid");
    expect(night.id).toBe("intake-mail-2026-12-01");
    expect(intakeMailDayCounter(new Date("2026-12-01T23:01:00Z"), "Europe/Madrid").id).toBe("intake-mail-2026-12-02");
  });
});

describe("pages behind links", () => {
  it("speak of their purpose: a mentorship link never says 'proposta'", async () => {
    const { linkProblems } = await import("../../functions/src/views/linkProblems.ts");
    for (const problem of [linkProblems.mentorship.expired(), linkProblems.mentorship.notFound()]) {
      expect(problem).toContain("mentoria");
      expect(problem.toLowerCase()).not.toContain("proposta");
    }
    expect(linkProblems.proposal.expired()).toContain("proposta");
  });
});
