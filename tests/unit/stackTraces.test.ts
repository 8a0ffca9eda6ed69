/** A bundle's stack trace, logged with the lines of the TypeScript source (functions/src/stackTraces.ts). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { readableStack } from "../../functions/src/stackTraces.ts";

describe("stack traces from the bundle", () => {
  it("point at the source file and line from the entry and from a chunk, and leave other files as they are", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stack-"));
    const write = (name: string, lines: string[]) => writeFileSync(path.join(dir, name), lines.join("\n"));
    write("deadlines.ts", [
      "export function enforce(n: number): number {",
      '  if (n > 1) throw new Error("boom");',
      "  return n;",
      "}",
      "",
    ]);
    write("index.ts", [
      'import { enforce } from "./deadlines";',
      'export const handler = () => import("./deadlines");',
      "export function run(n: number): number {",
      "  return enforce(n) + 1;",
      "}",
      "",
    ]);
    const lib = path.join(dir, "lib");
    // As functions/bundle.mjs builds: ES modules, split into chunks, each with its map.
    await build({
      entryPoints: [path.join(dir, "index.ts")],
      outdir: lib,
      bundle: true,
      splitting: true,
      chunkNames: "chunks/[name]-[hash]",
      format: "esm",
      platform: "node",
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: "linked",
      sourcesContent: false,
      logLevel: "silent",
    });
    // Loaded by Node itself, as the runtime loads it (vitest would map the frames on its own).
    const entry = JSON.stringify(pathToFileURL(path.join(lib, "index.js")).href);
    const { stdout: stack } = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `try { (await import(${entry})).run(2); } catch (e) { process.stdout.write(e.stack); }`,
      ],
      { encoding: "utf8" },
    );
    expect(stack).toContain(`${pathToFileURL(path.join(lib, "chunks")).href}/chunk-`);
    expect(stack).toContain(`${pathToFileURL(path.join(lib, "index.js")).href}:`);
    const readable = readableStack(stack, lib);
    expect(readable).toMatch(/deadlines\.ts:2:\d+/);
    expect(readable).toMatch(/index\.ts:4:\d+/);
    expect(readable).not.toContain(pathToFileURL(lib).href);
    expect(readableStack(stack, path.join(dir, "elsewhere"))).toBe(stack);
  });
});
