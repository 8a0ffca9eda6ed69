/**
 * Which of the project's ports are still held, and by whom: read from /proc
 * (Linux), so a newcomer whose last run left a process behind is told which
 * one and the command that frees it, instead of "port taken".
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { ports } from "./emulators.ts";

const named: Record<number, string> = Object.fromEntries(
  Object.entries({ ...ports, logging: 4741, eventarc: 4746, tasks: 4747, firestoreWebsocket: 4749 }).map(
    ([name, port]) => [port, name],
  ),
);

/** Every port `npm start` and `npm test` listen on. */
export const projectPorts = Object.keys(named)
  .map(Number)
  .sort((a, b) => a - b);

export interface HeldPort {
  port: number;
  name: string;
  pid: number | null;
  command: string;
}

function listeningInodes(): Map<number, string> {
  const byPort = new Map<number, string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== "0A") continue; // 0A: LISTEN
      const port = parseInt(fields[1]!.split(":")[1]!, 16);
      byPort.set(port, fields[9]!);
    }
  }
  return byPort;
}

function ownerOf(inode: string): { pid: number; command: string } | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        if (readlinkSync(`/proc/${entry}/fd/${fd}`) === `socket:[${inode}]`) {
          const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
          return { pid: Number(entry), command: command.length > 120 ? `${command.slice(0, 117)}…` : command };
        }
      }
    } catch {
      // a process that ended, or one we may not look into
    }
  }
  return null;
}

export function heldPorts(): HeldPort[] {
  const listening = listeningInodes();
  return projectPorts.flatMap((port) => {
    const inode = listening.get(port);
    if (!inode) return [];
    const owner = ownerOf(inode);
    return [{ port, name: named[port]!, pid: owner?.pid ?? null, command: owner?.command ?? "(unknown)" }];
  });
}

/** What a person reads when a port is taken: who holds it and how to free it. */
export function explainHeld(held: readonly HeldPort[]): string {
  const lines = held.map(
    (h) =>
      `  port ${h.port} (${h.name}) is held by ${h.pid ? `process ${h.pid}: ${h.command}` : "a process this user cannot see"}`,
  );
  const pids = [...new Set(held.map((h) => h.pid).filter((pid): pid is number => pid !== null))];
  const free = pids.length > 0 ? `kill ${pids.join(" ")}` : `fuser -k ${held.map((h) => `${h.port}/tcp`).join(" ")}`;
  return `Some of the project's ports are still in use (an earlier run left them):\n${lines.join("\n")}\nFree them with:\n  ${free}\n`;
}
