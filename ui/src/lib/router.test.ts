import { afterEach, describe, expect, it } from "vitest";
import { replaceHash } from "./router.svelte";

describe("replaceHash", () => {
  afterEach(() => history.replaceState(null, "", "#/"));

  it("writes the address of the page shown", () => {
    history.replaceState(null, "", "#/results");
    replaceHash("#/results?q=mayor");
    expect(location.hash).toBe("#/results?q=mayor");
  });

  it("leaves another page's address alone: the user has gone on", () => {
    // The Overview link was followed; its hashchange has not run yet.
    history.replaceState(null, "", "#/");
    replaceHash("#/results?q=mayor");
    expect(location.hash).toBe("#/");
    history.replaceState(null, "", "#/contest/c-4f718ecaf942b4c9");
    replaceHash("#/results");
    expect(location.hash).toBe("#/contest/c-4f718ecaf942b4c9");
  });
});
