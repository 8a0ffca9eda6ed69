/** docs/emails.md is the catalogue of every email: it names every builder of an outbox id. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mailIds } from "../../functions/src/domain/mail.ts";

describe("the email catalogue", () => {
  it("lists every email the code can queue", () => {
    const catalogue = readFileSync("docs/emails.md", "utf8");
    expect(Object.keys(mailIds).filter((builder) => !catalogue.includes(`\`${builder}\``))).toEqual([]);
  });
});
