import { getContext, setContext } from "svelte";
import type { Backend } from "./backend";
import type { AppState } from "./state.svelte";

const KEY = Symbol("tallyroom");

export interface Ctx {
  backend: Backend;
  app: AppState;
}

export function provide(ctx: Ctx): void {
  setContext(KEY, ctx);
}

export function ctx(): Ctx {
  return getContext<Ctx>(KEY);
}
