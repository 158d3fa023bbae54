// A hash router: every page has an address, so Back works and a test can open a page directly.
export type Route =
  | { page: "overview" }
  | { page: "results"; q: string; kind?: string; sort?: string }
  | { page: "contest"; id: string }
  | { page: "candidates" }
  | { page: "candidate"; id: string }
  | { page: "compare"; a: string; b: string }
  | { page: "sources" }
  | { page: "settings" };

export function parseHash(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  const params = new URLSearchParams(query);
  const [head, arg] = path.split("/").map(decodeURIComponent);
  switch (head) {
    case "results":
      return { page: "results", q: params.get("q") ?? "", kind: params.get("kind") ?? "", sort: params.get("sort") ?? "" };
    case "contest":
      return arg ? { page: "contest", id: arg } : { page: "results", q: "" };
    case "candidates":
      return { page: "candidates" };
    case "candidate":
      return arg ? { page: "candidate", id: arg } : { page: "candidates" };
    case "compare":
      return { page: "compare", a: params.get("a") ?? "", b: params.get("b") ?? "" };
    case "settings":
      return { page: "settings" };
    case "sources":
      return { page: "sources" };
    default:
      return { page: "overview" };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case "overview":
      return "#/";
    case "results": {
      const params = new URLSearchParams();
      if (route.q) params.set("q", route.q);
      if (route.kind) params.set("kind", route.kind);
      if (route.sort) params.set("sort", route.sort);
      const query = params.toString();
      return query ? `#/results?${query}` : "#/results";
    }
    case "contest":
      return `#/contest/${encodeURIComponent(route.id)}`;
    case "candidates":
      return "#/candidates";
    case "candidate":
      return `#/candidate/${encodeURIComponent(route.id)}`;
    case "compare":
      return `#/compare?a=${encodeURIComponent(route.a)}&b=${encodeURIComponent(route.b)}`;
    case "settings":
      return "#/settings";
    case "sources":
      return "#/sources";
  }
}

/**
 * The Results page's last address (search, filter, sort): the Results tab, "All results" and a
 * contest's "back" link return to it, so a search is cleared only when the user clears it.
 * `collapsed`: the Results groups the user folded, kept for the session. `heading`: what the
 * window title names when a page is about one thing (a contest, a candidate). `previous`: the
 * page before this one, so "back to results" can be a real Back that keeps the scroll place.
 */
export const place = $state({ results: "#/results", collapsed: [] as string[], heading: "", previous: "" as Route["page"] | "" });

/**
 * Replaces the current history entry's address, keeping its state (the saved scroll place), but
 * only while the address is still one of `next`'s page. A page writes its address a moment
 * after the user stops typing; a click on another page in that moment has already set the new
 * address before its `hashchange` runs, and replacing it then put the user back where they were.
 */
export function replaceHash(next: string): void {
  if (location.hash === next || parseHash(location.hash).page !== parseHash(next).page) return;
  history.replaceState(history.state, "", next);
}

export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    window.addEventListener("hashchange", () => {
      place.previous = this.route.page;
      this.route = parseHash(location.hash);
    });
  }
}
