// The Results page's cards, read from Rust a page at a time as they scroll into view: the
// layout says how long the list is and brings its first page; the page then asks for the places
// it is about to draw (`want(from, to)`), and this keeps which contest is at each place and each
// contest's view. After a refresh every view is stale: it stays on screen (no flash of empty
// cards) until its new one arrives.
import { untrack } from "svelte";
import type { ContestView, ResultsPage } from "./bindings";

/**
 * At most this many views are held: a few screens of cards and what is read ahead. Past it, the
 * views read longest ago are dropped, and read again if the list comes back to them. Without a
 * bound, scrolling through a state's ballot kept every contest's view in the page (10,320 at
 * the bench's size), so the page's memory grew with the ballot.
 */
export const KEEP = 400;
/** At most this many places of the list are remembered (an id each), under the same rule. */
export const PLACES = 4 * KEEP;

/** Reads contests `from` to `from + count` of the list shown. */
export type PageReader<Q> = (query: Q, from: number, count: number) => Promise<ResultsPage>;

export class Cards<Q> {
  /** The newest view of each contest read lately, oldest first. Replaced whole, never mutated. */
  views = $state.raw<ReadonlyMap<string, ContestView>>(new Map());
  /** The contest at each place of the list shown, where read. Replaced whole, never mutated. */
  ids = $state.raw<ReadonlyMap<number, string>>(new Map());
  #query: Q | null = null;
  #fresh = new Set<string>();
  #asked = new Set<number>();
  /** The places last asked for: the rows on screen and just past it, never dropped. */
  #near: [number, number] = [0, 0];
  /** A new list or a refresh: answers asked for before it are dropped. */
  #generation = 0;

  constructor(private readonly read: PageReader<Q>) {}

  /** A new list (a search, an order): its first page, newest data. */
  list(query: Q, first: ResultsPage): void {
    this.#generation += 1;
    this.#query = query;
    this.#asked.clear();
    this.ids = new Map();
    this.#take(first);
  }

  /** Everything read so far is from an older count: read again when next drawn. */
  stale(): void {
    this.#generation += 1;
    this.#fresh.clear();
    this.#asked.clear();
  }

  /** Reads the places in `[from, to)` not yet read since the last refresh (one call for the lot). */
  async want(from: number, to: number): Promise<void> {
    this.#near = [from, to];
    const ids = untrack(() => this.ids);
    let [lo, hi] = [to, from];
    for (let at = from; at < to; at++) {
      const id = ids.get(at);
      if (!this.#asked.has(at) && (id === undefined || !this.#fresh.has(id))) [lo, hi] = [Math.min(lo, at), at + 1];
    }
    if (lo >= hi || this.#query === null) return;
    for (let at = lo; at < hi; at++) this.#asked.add(at);
    const generation = this.#generation;
    try {
      const page = await this.read(this.#query, lo, hi - lo);
      if (generation === this.#generation) this.#take(page);
    } finally {
      if (generation === this.#generation) for (let at = lo; at < hi; at++) this.#asked.delete(at);
    }
  }

  /** A page's places and views. A contest it names without a view is no longer stored: marked
   *  read, so it is asked once and not again and again. */
  #take(page: ResultsPage): void {
    const ids = new Map(untrack(() => this.ids));
    page.ids.forEach((id, i) => {
      const at = page.from + i;
      ids.delete(at); // a Map keeps insertion order: this one is now the newest
      ids.set(at, id);
      this.#fresh.add(id);
    });
    const [from, to] = this.#near;
    for (const at of ids.keys()) {
      if (ids.size <= PLACES) break;
      if (at < from || at >= to) ids.delete(at);
    }
    this.ids = ids;
    this.put(page.views);
  }

  /** Views just read, newest data. */
  put(list: readonly ContestView[]): void {
    if (list.length === 0) return;
    // Untracked: an effect that puts views must not come to depend on the views it writes.
    const next = new Map(untrack(() => this.views));
    for (const c of list) {
      next.delete(c.id);
      next.set(c.id, c);
      this.#fresh.add(c.id);
    }
    if (next.size > KEEP) {
      // The views of the places near the screen are made the newest, so they are kept.
      const ids = untrack(() => this.ids);
      for (let at = this.#near[0]; at < this.#near[1]; at++) {
        const id = ids.get(at);
        const view = id === undefined ? undefined : next.get(id);
        if (id !== undefined && view) {
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
}
