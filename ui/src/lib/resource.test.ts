import { describe, expect, it } from "vitest";
import { Resource } from "./resource.svelte";

/** A fetcher whose answers the test releases by hand, in any order. */
function controlled() {
  const pending = new Map<string, (v: string) => void>();
  const fetcher = (key: string) => new Promise<string>((resolve) => pending.set(key, resolve));
  return { fetcher, release: (key: string, value: string) => pending.get(key)?.(value) };
}

describe("Resource", () => {
  it("never lets a stale answer replace a newer page", async () => {
    const { fetcher, release } = controlled();
    const page = new Resource(fetcher);
    const first = page.load("c-mayor");
    const second = page.load("c-sheriff");
    release("c-sheriff", "Sheriff");
    await second;
    release("c-mayor", "Mayor");
    await first;
    expect(page.data).toBe("Sheriff");
    expect(page.key).toBe("c-sheriff");
  });

  it("keeps the last good answer and reports a failure", async () => {
    const page = new Resource((key: string) =>
      key === "down" ? Promise.reject({ code: "offline", message: "no network" }) : Promise.resolve(key),
    );
    await page.load("c-mayor");
    await page.load("down");
    expect(page.data).toBe("c-mayor");
    expect(page.error?.code).toBe("offline");
  });
});
