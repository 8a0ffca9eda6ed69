/** docs/design.md §15: the mass-change guard's rules and what the secretariat reads about it. */
import { describe, expect, it } from "vitest";
import { claimDelivery, Delivery, guardedDelivery } from "../../functions/src/domain/mail.ts";
import {
  exceedsLimit,
  guardOutcome,
  holdIdFor,
  massChangeDecision,
  massChangeWindowMs,
  type RecentChange,
} from "../../functions/src/domain/massChange.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { changesPhrase, holdNotice } from "../../functions/src/views/holdEmails.ts";
import { mailPausedPanel } from "../../functions/src/views/layout.ts";
import { checkYourInboxPage } from "../../functions/src/views/pages.ts";
import { fixtureNow } from "../helpers/fixtures.ts";

const minute = 60_000;
const at = (minutes: number) => new Date(fixtureNow.getTime() + minutes * minute);
const changes = (minutes: readonly number[], extra: Partial<RecentChange> = {}): RecentChange[] =>
  minutes.map((m, i) => ({
    id: `pairing-p${i}`,
    kind: "pairingDeleted",
    about: `pairings/p${i}`,
    at: at(m),
    ...extra,
  }));
const settings = ProgrammeSettings.parse({
  secretariatEmail: "secretaria@xmess.example",
  senderEmail: "XMESS <mentories@xmess.example>",
  publicBaseUrl: "https://xmess.example",
});

describe("what counts as a mass change", () => {
  it("is more than the limit within ten minutes, in any window: not the limit itself, not spread out", () => {
    expect(exceedsLimit([0, 1, 2].map(at), 2)).toBe(true);
    expect(exceedsLimit([0, 1].map(at), 2)).toBe(false);
    // Three changes, but never three within ten minutes of each other.
    expect(exceedsLimit([0, 6, 12].map(at), 2)).toBe(false);
    // The window slides: the burst is found wherever it starts.
    expect(exceedsLimit([0, 30, 35, 39.9].map(at), 2)).toBe(true);
    expect(exceedsLimit([0, 10].map(at), 1)).toBe(true);
    expect(exceedsLimit([0, 10.01].map(at), 1)).toBe(false);
  });

  it("makes one hold named for when the burst began, with every change and their kinds", () => {
    const recent = [
      ...changes([0, 1, 2]),
      { id: "withdrawal-a", kind: "withdrawal" as const, about: "applications/a", at: at(3) },
    ];
    expect(massChangeDecision(recent, new Set(), 3)).toEqual({
      holdId: holdIdFor(at(0)),
      isNew: true,
      join: ["pairing-p0", "pairing-p1", "pairing-p2", "withdrawal-a"],
      changes: { pairingCancelled: 0, pairingDeleted: 3, withdrawal: 1 },
      firstChangeAt: at(0),
      lastChangeAt: at(3),
    });
    expect(massChangeDecision(recent, new Set(), 4)).toBeNull();
    expect(holdIdFor(at(0))).toBe("mass-2026-11-23T09-00-00-000Z");
  });

  it("adds later changes of the same burst to the hold still open, and counts a decided hold's no more", () => {
    const held = changes([0, 1, 2], { holdId: "mass-a" });
    const later = { id: "pairing-late", kind: "pairingCancelled" as const, about: "pairings/late", at: at(5) };
    expect(massChangeDecision([...held, later], new Set(["mass-a"]), 2)).toMatchObject({
      holdId: "mass-a",
      isNew: false,
      join: ["pairing-late"],
    });
    // The secretariat released mass-a: one more change is not a mass change of its own.
    expect(massChangeDecision([...held, later], new Set(), 2)).toBeNull();
  });

  it("holds, sends or drops guarded mail by its change's hold", () => {
    expect(guardOutcome(null, null)).toBe("go");
    expect(guardOutcome({}, null)).toBe("go");
    expect(guardOutcome({ holdId: "h" }, { status: "open" })).toBe("hold");
    expect(guardOutcome({ holdId: "h" }, { status: "released" })).toBe("go");
    expect(guardOutcome({ holdId: "h" }, { status: "dropped" })).toBe("drop");
  });
});

describe("guarded and held mail", () => {
  it("waits out the window after its change, then is claimed like any retry", () => {
    const delivery = guardedDelivery({ change: "pairing-p", at: at(0) }, massChangeWindowMs);
    expect(delivery).toMatchObject({ state: "RETRY", attempts: 0, nextAttemptAt: at(10) });
    expect(claimDelivery("m", delivery, at(9))).toBeNull();
    expect(claimDelivery("m", delivery, at(10))).toMatchObject({ state: "PROCESSING", idempotencyKey: "m" });
  });

  it("is never claimed while HELD or once DROPPED", () => {
    for (const state of ["HELD", "DROPPED"] as const)
      expect(claimDelivery("m", Delivery.parse({ state, holdId: "h" }), at(60))).toBeNull();
  });
});

describe("what the secretariat reads", () => {
  it("one email naming what happened, how many, and the two decisions", () => {
    const email = holdNotice(
      "mass-x",
      {
        status: "open",
        firstChangeAt: new Date("2026-12-03T10:15:00Z"),
        lastChangeAt: new Date("2026-12-03T10:16:00Z"),
        changes: { pairingDeleted: 12, withdrawal: 1 },
        createdAt: new Date("2026-12-03T10:16:00Z"),
        settledAt: null,
      },
      settings,
    );
    expect(email).toMatchObject({ id: "hold-mass-x-secretariat", to: ["secretaria@xmess.example"] });
    expect(email.subject).toBe("Correus retinguts: 13 canvis en pocs minuts");
    expect(email.text).toContain(
      "El 3 de desembre de 2026 s'han fet 13 canvis en menys de deu minuts, des de les 11:15: dotze parelles esborrades i una sol·licitud retirada. Són més dels 10",
    );
    expect(email.text).toContain('poseu-hi status: "released"');
    expect(email.text).toContain('poseu-hi status: "dropped"');
    expect(email.text).toContain("holds~2Fmass-x");
  });

  it("names the kinds of change in Catalan", () => {
    expect(changesPhrase({ pairingCancelled: 1 })).toBe("una parella anul·lada");
    expect(changesPhrase({ pairingCancelled: 2, pairingDeleted: 11, withdrawal: 3 })).toBe(
      "dues parelles anul·lades, 11 parelles esborrades i tres sol·licituds retirades",
    );
  });

  it("pages that promise an email say when mail is paused", () => {
    expect(mailPausedPanel(false)).toBe("");
    const page = checkYourInboxPage("ref-1", "laia@olot.example", { confirmationDays: 7, mailPaused: true });
    expect(page).toContain("Ara mateix el programa té l'enviament de correus aturat per una revisió.");
    expect(checkYourInboxPage("ref-1", "laia@olot.example", { confirmationDays: 7, mailPaused: false })).not.toContain(
      "aturat",
    );
  });
});
