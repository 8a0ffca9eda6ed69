/**
 * Typed Firestore access: every collection named once, every document read
 * through its zod schema with one policy for a document that does not parse
 * (docs/design.md §14: skip it, record `problem` on it, log, go on), and one way to
 * run a transaction. No rules, no text, no clock: callers pass `now` in.
 */
import type { DocumentReference, DocumentSnapshot, Query, Transaction } from "firebase-admin/firestore";
import { FieldValue, type Timestamp } from "firebase-admin/firestore";
import type { z } from "zod";
import { documentProblem } from "../domain/problem";
import { db, toPlain } from "../firebase";
import { logs } from "../logs";
import { usage } from "./usage";

export const collections = {
  settings: "settings",
  cycles: "cycles",
  members: "members",
  topics: "topics",
  applications: "applications",
  matchingRuns: "matchingRuns",
  pairings: "pairings",
  removedPairings: "removedPairings",
  sessions: "sessions",
  advisoryGroups: "advisoryGroups",
  advisoryTopics: "advisoryTopics",
  incidents: "incidents",
  materials: "materials",
  reports: "reports",
  mail: "mail",
  rateLimits: "rateLimits",
  suppressions: "suppressions",
  emailEvents: "emailEvents",
  privacyRequests: "privacyRequests",
  exports: "exports",
  guardedChanges: "guardedChanges",
  holds: "holds",
} as const;
export type CollectionName = keyof typeof collections;

/** Written as a field's value, removes the field (in an update, or a merging set). */
export const removedField = () => FieldValue.delete();

/** A document found by a query: its id and its parsed data. */
export interface Doc<T> {
  id: string;
  data: T;
}
export type Data = Record<string, unknown>;

export type Operator = "==" | "<=" | "<" | ">" | ">=" | "in" | "!=" | "array-contains";
/** A query as data, so every query the code runs can be listed and checked against the indexes. */
export interface QuerySpec {
  collection: CollectionName;
  where: readonly (readonly [field: string, op: Operator, value: unknown])[];
  orderBy?: string;
  limit?: number;
}

const ref = (collection: CollectionName, id: string) => db.collection(collections[collection]).doc(id);

function toQuery(spec: QuerySpec): Query {
  let query: Query = db.collection(collections[spec.collection]);
  for (const [field, op, value] of spec.where) query = query.where(field, op, value);
  if (spec.orderBy) query = query.orderBy(spec.orderBy);
  if (spec.limit) query = query.limit(spec.limit);
  return query;
}

interface Problem {
  ref: DocumentReference;
  problem: string;
  current: unknown;
}

/**
 * Parses a snapshot (the schema also sees the id, as `id`, for those that
 * keep it); a document that does not parse is reported in `problems` and skipped.
 * The real id wins over a field named `id` typed in the console.
 */
const parseSnapshot = <S extends z.ZodType>(schema: S, snap: DocumentSnapshot) =>
  schema.safeParse({ ...(toPlain(snap.data()) as object), id: snap.id });

function parse<S extends z.ZodType>(schema: S, snap: DocumentSnapshot, problems: Problem[]): z.infer<S> | null {
  if (!snap.exists) return null;
  const parsed = parseSnapshot(schema, snap);
  if (parsed.success) return parsed.data;
  const problem = documentProblem(parsed.error.issues);
  logs.invalidDocument(snap.ref.path, problem);
  problems.push({ ref: snap.ref, problem, current: snap.get("problem") });
  return null;
}

function docsOf<S extends z.ZodType>(
  schema: S,
  snaps: readonly DocumentSnapshot[],
  problems: Problem[],
): Doc<z.infer<S>>[] {
  return snaps.flatMap((snap) => {
    const data = parse(schema, snap, problems);
    return data === null ? [] : [{ id: snap.id, data }];
  });
}

/** Written after the transaction (never inside it: the document is locked there), once per change. */
async function recordProblems(problems: readonly Problem[]): Promise<void> {
  for (const { ref, problem, current } of problems) {
    if (current === problem) continue;
    usage.write();
    await ref.update({ problem }).catch((error: unknown) => logs.problemNotRecorded(ref.path, error));
  }
}

/** Counts documents read, so a job can prove it reads only what is due. */
export class ReadCounter {
  count = 0;
  add(n: number): void {
    this.count += n;
  }
}

/** `documents` read: on the caller's counter, if it keeps one, and on the bill (`usage`). */
function countReads(documents: number, reads: ReadCounter | undefined): void {
  reads?.add(documents);
  usage.read(documents);
}

/** Reads and writes inside one Firestore transaction: all reads before any write. */
export class Tx {
  private readonly tx: Transaction;
  private readonly problems: Problem[];
  private readonly reads: ReadCounter | undefined;
  /** This attempt's writes and deletes: billed only if it commits. */
  readonly written = { writes: 0, deletes: 0 };

  constructor(tx: Transaction, problems: Problem[], reads?: ReadCounter) {
    this.tx = tx;
    this.problems = problems;
    this.reads = reads;
  }

  async read<S extends z.ZodType>(collection: CollectionName, id: string, schema: S): Promise<z.infer<S> | null> {
    const snap = await this.tx.get(ref(collection, id));
    countReads(1, this.reads);
    return parse(schema, snap, this.problems);
  }

  /** A document as it is, for the few places that must look at a document before it is complete. */
  async raw(collection: CollectionName, id: string): Promise<Data | null> {
    const snap = await this.tx.get(ref(collection, id));
    countReads(1, this.reads);
    return snap.exists ? (toPlain(snap.data()) as Data) : null;
  }

  async exists(collection: CollectionName, id: string): Promise<boolean> {
    countReads(1, this.reads);
    return (await this.tx.get(ref(collection, id))).exists;
  }

  /** Several documents in one round trip; missing and unreadable ones are left out. */
  async readMany<S extends z.ZodType>(
    collection: CollectionName,
    ids: readonly string[],
    schema: S,
  ): Promise<Doc<z.infer<S>>[]> {
    if (ids.length === 0) return [];
    const snaps = await this.tx.getAll(...ids.map((id) => ref(collection, id)));
    countReads(snaps.length, this.reads);
    return docsOf(schema, snaps, this.problems);
  }

  /** Which of these documents exist, in one round trip. */
  async existing(collection: CollectionName, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const snaps = await this.tx.getAll(...ids.map((id) => ref(collection, id)));
    countReads(snaps.length, this.reads);
    return new Set(snaps.filter((s) => s.exists).map((s) => s.id));
  }

  async query<S extends z.ZodType>(spec: QuerySpec, schema: S): Promise<Doc<z.infer<S>>[]> {
    const snap = await this.tx.get(toQuery(spec));
    countReads(snap.size, this.reads);
    return docsOf(schema, snap.docs, this.problems);
  }

  create(collection: CollectionName, id: string, data: Data): void {
    this.tx.create(ref(collection, id), data);
    this.written.writes++;
  }

  set(collection: CollectionName, id: string, data: Data, options: { merge?: boolean } = {}): void {
    this.tx.set(ref(collection, id), data, { merge: options.merge ?? false });
    this.written.writes++;
  }

  update(collection: CollectionName, id: string, data: Data): void {
    this.tx.update(ref(collection, id), data);
    this.written.writes++;
  }

  delete(collection: CollectionName, id: string): void {
    this.tx.delete(ref(collection, id));
    this.written.deletes++;
  }
}

/**
 * The emulator answers a transaction that lost a lock race with INVALID_ARGUMENT
 * "Transaction is invalid or closed" (production answers ABORTED, which the
 * SDK retries itself; an expired transaction is INVALID_ARGUMENT there too).
 * Our transaction bodies only read, decide and write, so the whole body can
 * run again on a fresh transaction.
 */
/** A transaction closed under contention before it committed: worth running again from the start. */
function isClosedTransaction(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    e?.code === 3 && typeof e.message === "string" && /transaction (is invalid or closed|has expired)/i.test(e.message)
  );
}

const maxFreshAttempts = 5;

/**
 * Runs a transaction whose body is safe to run twice even after a commit
 * that reported failure (it only reads and sets one counter-like document):
 * still ABORTED by lock contention after the SDK's own retries, it runs again
 * with full jitter. The send budget's one document has every sender on it.
 */
export async function inContendedTransaction<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(body);
    } catch (error) {
      if ((error as { code?: unknown })?.code !== 10 || attempt === 8) throw error;
      logs.transactionRetried(attempt, String((error as Error).message));
      const ceiling = 50 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * ceiling));
    }
  }
}

/** Runs `body` in one transaction; problems met on the way are recorded after it. */
export async function inTransaction<T>(body: (tx: Tx) => Promise<T>, reads?: ReadCounter): Promise<T> {
  const problems: Problem[] = [];
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        let last: Tx | null = null;
        const result = await db.runTransaction((transaction) => {
          // Only the attempt that commits speaks: the SDK runs the body again after a conflict.
          problems.length = 0;
          last = new Tx(transaction, problems, reads);
          return body(last);
        });
        const { writes, deletes } = (last as Tx | null)?.written ?? { writes: 0, deletes: 0 };
        usage.write(writes);
        usage.delete(deletes);
        return result;
      } catch (error) {
        if (!isClosedTransaction(error) || attempt === maxFreshAttempts) throw error;
        logs.transactionRetried(attempt, String((error as Error).message));
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt + Math.random() * 50));
      }
    }
  } finally {
    await recordProblems(problems);
  }
}

/** Reads and writes outside a transaction. */
/** gRPC's ALREADY_EXISTS, what `create` answers for a document that is there. */
const alreadyExists = 6;

export const store = {
  /** A trigger's snapshot through a schema, or null (no problem is recorded: the handler reads it again). */
  peek<S extends z.ZodType>(snap: DocumentSnapshot | undefined, schema: S): z.infer<S> | null {
    if (!snap?.exists) return null;
    const parsed = parseSnapshot(schema, snap);
    return parsed.success ? parsed.data : null;
  },

  async read<S extends z.ZodType>(collection: CollectionName, id: string, schema: S): Promise<z.infer<S> | null> {
    const problems: Problem[] = [];
    usage.read(1);
    const doc = parse(schema, await ref(collection, id).get(), problems);
    await recordProblems(problems);
    return doc;
  },

  /**
   * A document everything depends on and people edit by hand (the settings):
   * each version that parses is kept as `{id}-last-valid` (once per edit, marked
   * with the update time it was copied from); an edit that does not parse gets
   * its `problem` and the kept version serves instead (docs/design.md §14).
   */
  async readKeepingLastValid<S extends z.ZodType>(
    collection: CollectionName,
    id: string,
    schema: S,
  ): Promise<{ data: z.infer<S>; fallback: boolean } | null> {
    const keptRef = ref(collection, `${id}-last-valid`);
    const [current, kept] = await db.getAll(ref(collection, id), keptRef);
    usage.read(2);
    const problems: Problem[] = [];
    const data = parse(schema, current!, problems);
    if (data !== null) {
      const copiedFrom = current!.updateTime!;
      if (!(kept!.get("copiedFrom") as Timestamp | undefined)?.isEqual(copiedFrom)) {
        const { problem: _problem, ...valid } = current!.data()!;
        usage.write();
        await keptRef.set({ ...valid, copiedFrom });
      }
      if (current!.get("problem") !== undefined) {
        usage.write();
        await current!.ref.update({ problem: FieldValue.delete() });
      }
      return { data, fallback: false };
    }
    await recordProblems(problems);
    const last = kept!.exists ? parseSnapshot(schema, kept!) : null;
    return last?.success ? { data: last.data as z.infer<S>, fallback: true } : null;
  },

  async query<S extends z.ZodType>(spec: QuerySpec, schema: S, reads?: ReadCounter): Promise<Doc<z.infer<S>>[]> {
    const snap = await toQuery(spec).get();
    countReads(snap.size, reads);
    const problems: Problem[] = [];
    const docs = docsOf(schema, snap.docs, problems);
    await recordProblems(problems);
    return docs;
  },

  /** How many documents a query matches: an aggregation, one read per thousand. */
  async count(spec: QuerySpec): Promise<number> {
    const { count } = (await toQuery(spec).count().get()).data();
    usage.read(Math.ceil(count / 1000));
    return count;
  },

  /** The ids a query matches, without reading what the documents hold. */
  async ids(spec: QuerySpec, reads?: ReadCounter): Promise<string[]> {
    const snap = await toQuery(spec).select().get();
    countReads(snap.size, reads);
    return snap.docs.map((doc) => doc.id);
  },

  async set(collection: CollectionName, id: string, data: Data, options: { merge?: boolean } = {}): Promise<void> {
    usage.write();
    await ref(collection, id).set(data, { merge: options.merge ?? false });
  },

  async update(collection: CollectionName, id: string, data: Data): Promise<void> {
    usage.write();
    await ref(collection, id).update(data);
  },

  /**
   * Reads a document as it is and writes what `change` makes of it, in one
   * transaction; a missing document, or a `change` that answers null, writes nothing.
   */
  async rewrite(collection: CollectionName, id: string, change: (doc: Data) => Data | null): Promise<void> {
    await inTransaction(async (tx) => {
      const doc = await tx.raw(collection, id);
      const next = doc ? change(doc) : null;
      if (next) tx.set(collection, id, next);
    });
  },

  /**
   * Creates a document unless it exists, without a transaction: true if this
   * call created it. Many writers racing for one id never wait on a lock.
   */
  async createIfAbsent(collection: CollectionName, id: string, data: Data): Promise<boolean> {
    try {
      usage.write();
      await ref(collection, id).create(data);
      return true;
    } catch (error) {
      if ((error as { code?: unknown })?.code === alreadyExists) return false;
      throw error;
    }
  },

  /** Adds `by` to a number field without a transaction (many writers, no contention). */
  async increment(collection: CollectionName, id: string, field: string, by: number, data: Data): Promise<number> {
    const doc = ref(collection, id);
    usage.write();
    usage.read(1);
    await doc.set({ ...data, [field]: FieldValue.increment(by) }, { merge: true });
    return ((await doc.get()).get(field) as number | undefined) ?? by;
  },

  /** Deletes documents, in batches Firestore accepts (500 writes each). */
  async deleteMany(collection: CollectionName, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const batch = db.batch();
      for (const id of ids.slice(i, i + 500)) batch.delete(ref(collection, id));
      usage.delete(Math.min(500, ids.length - i));
      await batch.commit();
    }
  },

  /** Many updates, in batches Firestore accepts (500 writes each). */
  async updateMany(collection: CollectionName, updates: readonly { id: string; data: Data }[]): Promise<void> {
    for (let i = 0; i < updates.length; i += 500) {
      const batch = db.batch();
      for (const { id, data } of updates.slice(i, i + 500)) batch.update(ref(collection, id), data);
      usage.write(Math.min(500, updates.length - i));
      await batch.commit();
    }
  },
};
