/**
 * Firestore operations as they are billed, counted where every operation of the
 * functions passes (store/repository.ts): document reads (a query with no result
 * still costs one; a count, one per thousand entries), writes and deletes. A
 * transaction's reads count on every attempt, its writes once, when it commits.
 * The cost model (bench/year.costs.ts) reads these figures; nothing else depends on them.
 */
export interface FirestoreUsage {
  reads: number;
  writes: number;
  deletes: number;
}

const counted: FirestoreUsage = { reads: 0, writes: 0, deletes: 0 };

export const usage = {
  read(documents: number): void {
    counted.reads += Math.max(1, documents);
  },
  write(documents = 1): void {
    counted.writes += documents;
  },
  delete(documents = 1): void {
    counted.deletes += documents;
  },
  /** What was counted since the process started (or since the last `take`), and starts again from zero. */
  take(): FirestoreUsage {
    const taken = { ...counted };
    counted.reads = counted.writes = counted.deletes = 0;
    return taken;
  },
};
