/**
 * docs/design.md §15, "Backups and restore", rehearsed with the emulator's own export
 * and import: a programme at work is exported, a second Firestore emulator
 * starts from the export, and its documents are written back the way a restore
 * brings them (no trigger sees them). Every sweep, the daily job and every
 * mail's delivery then run on the restored data: nothing delivered is sent
 * again, no work is redone, and the one email still waiting goes out once.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { massChangeWindowMs } from "../../functions/src/domain/massChange.ts";
import { sendAttentionDigest } from "../../functions/src/usecases/attention.ts";
import { deliverMail, sweepMail } from "../../functions/src/usecases/mailDelivery.ts";
import { sweepStuckWork } from "../../functions/src/usecases/sweep.ts";
import { firestoreEmulatorJar, localResendRateLimit } from "../../scripts/emulators.ts";
import { clearFirestore, db, projectId, resetAll, urls, waitFor, withTriggersPaused } from "../helpers/emulator.ts";
import { linkSigningKey } from "../helpers/links.ts";
import { captured, deliveryOf } from "../helpers/mail.ts";
import { acceptedMentorship, act } from "../helpers/mentorship.ts";

type Documents = Record<string, unknown>;
const owner = { authorization: "Bearer owner", "content-type": "application/json" };
const documentsPath = `projects/${projectId}/databases/(default)/documents`;
const sender = (shiftMs = 0) => ({
  apiKey: "re_test",
  perSecond: localResendRateLimit,
  clock: () => new Date(Date.now() + shiftMs),
});

/** Every document of the project on the emulator at `base`, by path, as Firestore's REST API gives it. */
async function everyDocument(base: string): Promise<Documents> {
  const root = `${base}/v1/${documentsPath}`;
  const listed = (await (
    await fetch(`${root}:listCollectionIds`, { method: "POST", headers: owner, body: "{}" })
  ).json()) as {
    collectionIds?: string[];
  };
  const documents: Documents = {};
  for (const collection of listed.collectionIds ?? []) {
    let pageToken = "";
    do {
      const page = (await (
        await fetch(`${root}/${collection}?pageSize=300${pageToken ? `&pageToken=${pageToken}` : ""}`, {
          headers: owner,
        })
      ).json()) as { documents?: { name: string; fields?: object }[]; nextPageToken?: string };
      for (const doc of page.documents ?? []) documents[doc.name.slice(`${documentsPath}/`.length)] = doc.fields ?? {};
      pageToken = page.nextPageToken ?? "";
    } while (pageToken);
  }
  return documents;
}

/**
 * Two records move with the clock alone, restored or not: retention's watermark
 * (how far back it has looked) and the moment the last valid settings were
 * copied (the restore writes the settings anew). Everything else must not change.
 */
function withoutClockRecords(documents: Documents): Documents {
  const copy = structuredClone(documents) as Record<string, Record<string, unknown>>;
  delete copy["reports/retention"]?.advisoryThrough;
  delete copy["reports/retention"]?.updatedAt;
  delete copy["settings/programme-last-valid"]?.copiedFrom;
  return copy;
}

/** Writes documents back exactly as read (the REST form keeps every type: timestamps, integers, maps). */
async function writeBack(documents: Documents): Promise<void> {
  const writes = Object.entries(documents).map(([name, fields]) => ({
    update: { name: `${documentsPath}/${name}`, fields },
  }));
  for (let i = 0; i < writes.length; i += 500) {
    const response = await fetch(`${urls.firestore}/v1/${documentsPath}:commit`, {
      method: "POST",
      headers: owner,
      body: JSON.stringify({ writes: writes.slice(i, i + 500) }),
    });
    expect(response.status).toBe(200);
  }
}

/** `count` distinct free ports: each is held until all are found, so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer().listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  return ports;
}

/**
 * A second Firestore emulator, started from an export as `firebase emulators:start
 * --import` starts it. Its ports are found free just before it binds them, so another
 * process may take one in between: a JVM that exits before it answers is started once
 * more on other ports, and what it printed explains a second failure.
 */
async function firestoreFrom(exportDir: string) {
  const metadata = path.join(exportDir, "firestore_export", "firestore_export.overall_export_metadata");
  for (let attempt = 1; ; attempt++) {
    const [port, websocketPort] = (await freePorts(2)) as [number, number];
    const jvm = spawn(
      "java",
      [
        "-jar",
        firestoreEmulatorJar(),
        ...["--host", "127.0.0.1", "--port", String(port), "--websocket_port", String(websocketPort)],
        ...["--project_id", projectId, "--seed_from_export", metadata],
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    jvm.stdout.on("data", keep);
    jvm.stderr.on("data", keep);
    let exited = false;
    jvm.once("exit", () => (exited = true));
    const base = `http://127.0.0.1:${port}`;
    const state = await waitFor(
      async () => (exited ? "exited" : (await fetch(base).catch(() => null))?.ok && "up"),
      "the restored emulator",
      120_000,
    ).catch((error: Error) => {
      jvm.kill();
      throw new Error(`${error.message}; it printed:\n${output}`);
    });
    if (state === "up") return { base, stop: () => jvm.kill() };
    if (attempt === 2) throw new Error(`The restored emulator exited twice; it printed:\n${output}`);
  }
}

let exportDir = "";
beforeAll(() => {
  exportDir = mkdtempSync(path.join(os.tmpdir(), "xmess-restore-"));
});
afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

describe("a restore, rehearsed with the emulator's export and import", () => {
  it("sends nothing twice and redoes no work; mail still waiting goes out once", async () => {
    await resetAll();
    // A programme at work: a mentorship proposed, accepted and met; the Monday digest;
    // and a withdrawal whose emails still wait out the mass-change window.
    const { id, menteeLink } = await acceptedMentorship("r");
    const today = new Date().toISOString().slice(0, 10);
    const met = await act(menteeLink, { action: "meeting", date: today, mode: "virtual", durationMinutes: 60 });
    expect(met.status).toBe(200);
    // Then the mentor leaves, in the console: the mentee's and the secretariat's emails wait their window.
    const mentorId = (await db.doc(`pairings/${id}`).get()).get("mentor.applicationId") as string;
    await db.doc(`applications/${mentorId}`).update({ status: "withdrawn" });
    await sendAttentionDigest(new Date());
    const waiting = await waitFor(async () => {
      const docs = (await db.collection("mail").get()).docs;
      const unfinished = docs.filter((d) => !["SUCCESS", "RETRY"].includes(d.get("delivery.state") as string));
      const guarded = docs.filter((d) => d.get("guard"));
      return unfinished.length === 0 && guarded.length > 0 ? guarded.map((d) => d.id) : null;
    }, "every mail sent but the withdrawal's, which waits");
    // At rest: today's daily job has run, and a sweep finds nothing more to change (the
    // Functions emulator's triggers may still be writing what the last events asked for).
    await runDeadlines(new Date(), linkSigningKey());
    let before: Documents = {};
    await waitFor(
      async () => {
        await sweepStuckWork(new Date(), linkSigningKey());
        const docs = (await db.collection("mail").get()).docs;
        const sent = docs.every((d) => ["SUCCESS", "RETRY"].includes(d.get("delivery.state") as string));
        const current = await everyDocument(urls.firestore);
        const still = sent && JSON.stringify(current) === JSON.stringify(before);
        before = current;
        return still;
      },
      "the programme at rest",
      120_000,
    );
    const sentBefore = (await captured()).length;

    // The emulator's export, and a second emulator started from it.
    const exported = await fetch(`${urls.firestore}/emulator/v1/projects/${projectId}:export`, {
      method: "POST",
      headers: owner,
      body: JSON.stringify({
        database: `projects/${projectId}/databases/(default)`,
        export_directory: exportDir,
        export_name: "firestore_export",
      }),
    });
    expect(exported.status).toBe(200);
    const restored = await firestoreFrom(exportDir);
    let imported: Documents;
    try {
      imported = await everyDocument(restored.base);
    } finally {
      restored.stop();
    }
    expect(imported).toEqual(before);

    // The project starts again from the import, as a restored database does: no trigger sees the documents.
    await withTriggersPaused(async () => {
      await clearFirestore();
      await writeBack(imported);
    });

    // Everything that runs on a schedule, and every mail's delivery asked for again.
    expect(await sweepMail(sender(5 * 60_000))).toBe(0);
    await sweepStuckWork(new Date(), linkSigningKey());
    await runDeadlines(new Date(), linkSigningKey());
    for (const name of Object.keys(imported).filter((n) => n.startsWith("mail/")))
      await deliverMail(name.slice("mail/".length), sender());
    expect((await captured()).length).toBe(sentBefore);
    expect(withoutClockRecords(await everyDocument(urls.firestore))).toEqual(withoutClockRecords(before));

    // Once its window has passed, the waiting mail goes, once each.
    await Promise.all([sweepMail(sender(massChangeWindowMs + 1_000)), sweepMail(sender(massChangeWindowMs + 1_000))]);
    for (const id of waiting) expect(await deliveryOf(id)).toMatchObject({ state: "SUCCESS", attempts: 1 });
    expect((await captured()).length).toBe(sentBefore + waiting.length);
  }, 240_000);
});
