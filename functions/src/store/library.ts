/** Reads the network's library (docs/design.md §12): published materials only. */
import { libraryOf, Material, type ListedMaterial } from "../domain/materials";
import type { Topic } from "../domain/programme";
import { queries } from "./queries";
import { store } from "./repository";

/** Published materials, newest first, optionally on one topic. */
export async function readLibrary(topic: Topic | null): Promise<ListedMaterial[]> {
  const docs = await store.query(queries.publishedMaterials(), Material);
  return libraryOf(
    docs.map(({ id, data }) => ({ ...data, id })),
    topic,
  );
}

/** One material, or null unless it exists and is published: a draft is never shown. */
export async function readPublishedMaterial(id: string): Promise<ListedMaterial | null> {
  if (!/^[\w-]{1,200}$/.test(id)) return null;
  const material = await store.read("materials", id, Material);
  return material ? (libraryOf([{ ...material, id }], null)[0] ?? null) : null;
}
