// A hash router: every page has an address, so Back works and a test can open a page directly.
export type Route =
  | { page: "overview" }
  | { page: "results"; q: string }
  | { page: "contest"; id: string }
  | { page: "candidates" }
  | { page: "candidate"; id: string }
  | { page: "compare"; a: string; b: string }
  | { page: "settings" };

export function parseHash(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  const params = new URLSearchParams(query);
  const [head, arg] = path.split("/").map(decodeURIComponent);
  switch (head) {
    case "results":
      return { page: "results", q: params.get("q") ?? "" };
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
    default:
      return { page: "overview" };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case "overview":
      return "#/";
    case "results":
      return route.q ? `#/results?q=${encodeURIComponent(route.q)}` : "#/results";
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
  }
}

export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    window.addEventListener("hashchange", () => {
      this.route = parseHash(location.hash);
    });
  }
}
