/**
 * A trigger that reacts to one write in several ways declares its reactions
 * as a list; each runs in isolation, so one that throws skips none of the
 * others, and the event is then failed as a whole to be delivered again
 * (every reaction is idempotent, so the ones that succeeded do nothing new).
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { logs } from "../logs";

/** What Firestore delivers for a write to one document. */
export type WrittenEvent = FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>;

/** What the shell gives every trigger: the clock, read once for the event. */
export interface TriggerContext {
  now: Date;
}

/** …and, to a trigger whose emails carry signed links, the key that signs them. */
export interface LinkedContext extends TriggerContext {
  linkKey: string;
}

/** One write, as the reactions read it. A side that does not exist is `undefined`. */
export interface Written {
  /** The snapshot's id, not event.params.id: the latter can arrive URL-encoded for ids typed by hand. */
  id: string;
  before: DocumentSnapshot | undefined;
  after: DocumentSnapshot | undefined;
}

export interface Reaction<W extends Written, C extends TriggerContext = LinkedContext> {
  name: string;
  when: (written: W) => boolean;
  run: (written: W, context: C) => Promise<unknown>;
}

/** The two sides of a written event, or null when it names no document. */
export function writtenOf(event: WrittenEvent): Written | null {
  const before = event.data?.before?.exists ? event.data.before : undefined;
  const after = event.data?.after?.exists ? event.data.after : undefined;
  const id = (after ?? before)?.id;
  return id ? { id, before, after } : null;
}

export class ReactionsFailed extends Error {
  constructor(trigger: string, id: string, failed: string[]) {
    super(`${trigger} ${id}: ${failed.join(", ")} failed; the event will be delivered again`);
    this.name = "ReactionsFailed";
  }
}

/** Runs every reaction that applies, one after another; throws at the end if any failed. */
export async function react<W extends Written, C extends TriggerContext>(
  trigger: string,
  written: W,
  reactions: readonly Reaction<W, C>[],
  context: C,
): Promise<void> {
  const failed: string[] = [];
  for (const reaction of reactions) {
    if (!reaction.when(written)) continue;
    try {
      await reaction.run(written, context);
    } catch (error) {
      failed.push(reaction.name);
      logs.reactionFailed(trigger, reaction.name, written.id, error);
    }
  }
  if (failed.length > 0) throw new ReactionsFailed(trigger, written.id, failed);
}
