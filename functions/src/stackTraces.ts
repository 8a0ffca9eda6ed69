/**
 * Stack traces as the source wrote them. The deployed code is a bundle of
 * chunks (functions/bundle.mjs), each with its `.map`; Node's
 * `--enable-source-maps` would parse the maps on every cold start (measured:
 * +15–20 % of the load), so a map is read here instead, the first time an
 * error is logged with a frame in its file.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))));
    } catch {
      // No map next to the file: its frames stay as they are.
      maps.set(file, null);
    }
  }
  return maps.get(file)!;
}

/**
 * The bundle's directory (`lib/`, its chunks in `lib/chunks/`), once built;
 * under the tests the sources run themselves and nothing is mapped.
 */
const ownDirectory =
  typeof __filename === "string" && __filename.endsWith(".js")
    ? path.dirname(__filename).replace(new RegExp(`\\${path.sep}chunks$`), "")
    : "";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `stack` with every frame in a file of the bundle in `directory` pointed at its TypeScript line. */
export function readableStack(stack: string, directory = ownDirectory): string {
  if (!directory) return stack;
  const frame = new RegExp(`((?:file://)?${escaped(directory)}/[^\\s():]+\\.js):(\\d+):(\\d+)`, "g");
  return stack.replace(frame, (text, location: string, line: string, column: string) => {
    const file = location.startsWith("file://") ? fileURLToPath(location) : location;
    const entry = sourceMapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    return entry && "originalSource" in entry && entry.originalSource
      ? `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`
      : text;
  });
}
