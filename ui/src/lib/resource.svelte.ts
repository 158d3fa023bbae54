// One keyed read from the backend, the query layer's building block: pages hold a Resource and
// call `load(key)` when the key changes or a refresh invalidates what they show.
import { asApiError } from "./backend";
import type { ApiError } from "./bindings";

/**
 * Only the answer to the newest request is kept: after fast navigation (contest A, then B), a
 * slow answer for A that arrives after B's never replaces B. Server payloads are `$state.raw`:
 * they are replaced whole, never mutated, so Svelte need not proxy them.
 */
export class Resource<K, T> {
  data = $state.raw<T | null>(null);
  /** The key `data` belongs to; a page shows `data` only while this is its own key. */
  key = $state.raw<K | null>(null);
  error = $state.raw<ApiError | null>(null);
  #latest = 0;

  /** `taken`: told of each answer kept, in the same step as `data` changes, so state derived
   *  from an answer (the Results page's places) is never drawn a frame behind it. */
  constructor(
    private readonly fetcher: (key: K) => Promise<T>,
    private readonly taken?: (value: T, key: K) => void,
  ) {}

  async load(key: K): Promise<void> {
    const request = ++this.#latest;
    try {
      const value = await this.fetcher(key);
      if (request !== this.#latest) return;
      this.taken?.(value, key);
      this.data = value;
      this.key = key;
      this.error = null;
    } catch (e) {
      if (request !== this.#latest) return;
      this.error = asApiError(e);
    }
  }
}
