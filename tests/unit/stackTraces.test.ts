/** A minified bundle's stack trace, logged with the lines of the TypeScript source (functions/src/stackTraces.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { readableStack } from "../../functions/src/stackTraces.ts";

describe("stack traces from the bundle", () => {
  it("point at the source file and line, and leave a file without a map as it is", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stack-"));
    const source = path.join(dir, "deadlines.ts");
    writeFileSync(
      source,
      [
        "export function enforce(n: number): number {",
        '  if (n > 1) throw new Error("boom");',
        "  return n;",
        "}",
        "",
      ].join("\n"),
    );
    const bundle = path.join(dir, "index.js");
    await build({
      entryPoints: [source],
      outfile: bundle,
      bundle: true,
      minify: true,
      format: "cjs",
      platform: "node",
      sourcemap: "linked",
      sourcesContent: false,
      logLevel: "silent",
    });
    let stack = "";
    try {
      createRequire(import.meta.url)(bundle).enforce(2);
    } catch (error) {
      stack = (error as Error).stack!;
    }
    expect(stack).toContain(`${bundle}:1:`);
    const readable = readableStack(stack, bundle);
    expect(readable).toMatch(/deadlines\.ts:2:\d+/);
    expect(readable).not.toContain(`${bundle}:1:`);
    expect(readableStack(stack, path.join(dir, "cap.js"))).toBe(stack);
  });
});
