// The Results page's cards, read from Rust a run at a time as they scroll into view: the page
// asks for the ids it is about to draw, and this keeps what came back by id. After a refresh
// every view is stale: it stays on screen (no flash of empty cards) until its new one arrives.
import { untrack } from "svelte";
import type { ContestView } from "./bindings";

/**
 * At most this many views are held: a few screens of cards and what is read ahead. Past it, the
 * views read longest ago are dropped, and read again if the list comes back to them. Without a
 * bound, scrolling through a state's ballot kept every contest's view in the page (10,320 at
 * the bench's size), so the page's memory grew with the ballot.
 */
export const KEEP = 400;

export class Cards {
  /** The newest view of each contest read lately, oldest first. Replaced whole, never mutated. */
  views = $state.raw<ReadonlyMap<string, ContestView>>(new Map());
  #fresh = new Set<string>();
  #asked = new Set<string>();
  /** The ids last asked for: the rows on screen and just past it, never dropped. */
  #near: readonly string[] = [];
  #generation = 0;

  constructor(private readonly read: (ids: string[]) => Promise<ContestView[]>) {}

  /** Views that came with the layout (its first page), newest data. */
  put(list: readonly ContestView[]): void {
    if (list.length === 0) return;
    // Untracked: an effect that puts views must not come to depend on the views it writes.
    const next = new Map(untrack(() => this.views));
    for (const c of list) {
      next.delete(c.id); // a Map keeps insertion order: this one is now the newest
      next.set(c.id, c);
      this.#fresh.add(c.id);
    }
    if (next.size > KEEP) {
      for (const id of this.#near) {
        const view = next.get(id);
        if (view) {
          next.delete(id);
          next.set(id, view);
        }
      }
      for (const id of next.keys()) {
        if (next.size <= KEEP) break;
        next.delete(id);
        this.#fresh.delete(id);
      }
    }
    this.views = next;
  }

  /** Everything read so far is from an older count: read again when next drawn. */
  stale(): void {
    this.#generation += 1;
    this.#fresh.clear();
    this.#asked.clear();
  }

  /** Reads the ids not yet read since the last refresh (one call for the lot). */
  async want(ids: readonly string[]): Promise<void> {
    this.#near = ids;
    const missing = ids.filter((id) => !this.#fresh.has(id) && !this.#asked.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.#asked.add(id);
    const generation = this.#generation;
    try {
      const got = await this.read(missing);
      if (generation !== this.#generation) return;
      // A contest no longer stored comes back as nothing: asked once, not again and again.
      for (const id of missing) this.#fresh.add(id);
      this.put(got);
    } finally {
      if (generation === this.#generation) for (const id of missing) this.#asked.delete(id);
    }
  }
}
