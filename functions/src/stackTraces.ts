/**
 * Stack traces as the source wrote them. The deployed code is one minified
 * bundle (functions/bundle.mjs); Node's `--enable-source-maps` would parse its
 * map on every cold start (measured: +15–20 % of the load), so the map is read
 * here instead, once, the first time an error is logged.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))));
    } catch {
      // No map next to the file (the tests run the sources themselves): frames stay as they are.
      maps.set(file, null);
    }
  }
  return maps.get(file)!;
}

/** The bundle this module is part of, once built; under the tests, a source file with no map. */
const ownFile = typeof __filename === "string" ? __filename : "";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `stack` with every frame inside `bundle` pointed at its TypeScript line. */
export function readableStack(stack: string, bundle = ownFile): string {
  const map = bundle ? sourceMapOf(bundle) : null;
  if (!map) return stack;
  return stack.replace(new RegExp(`${escaped(bundle)}:(\\d+):(\\d+)`, "g"), (frame, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    return "originalSource" in entry && entry.originalSource
      ? `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`
      : frame;
  });
}
