import { afterEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "svelte/compiler";
import type { Alert } from "./bindings";
import { alertSentence, fmtDate, fmtInt, fmtLeadPoints, fmtPct, fmtPoints, marginSentence } from "./format";
import { CATALOGUES, LANGS, setLang, systemLang, t } from "./i18n.svelte";
import { mayor } from "./testdata";

afterEach(() => setLang("en"));

/** Every leaf key of a catalogue, dotted. */
function keys(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

describe("catalogues", () => {
  it("have the same keys in every language", () => {
    const english = keys(CATALOGUES.en).sort();
    expect(english.length).toBeGreaterThan(150);
    for (const lang of LANGS) expect(keys(CATALOGUES[lang]).sort(), lang).toEqual(english);
  });

  it("leave no value empty or untranslated by accident", () => {
    for (const lang of LANGS) {
      for (const k of keys(CATALOGUES[lang])) {
        const value = k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], CATALOGUES[lang]);
        expect(String(value).trim(), `${lang}: ${k}`).not.toBe("");
      }
    }
  });

  it("follows the system's language where Tallyroom has it", () => {
    expect(systemLang(["es-MX", "en-US"])).toBe("es");
    expect(systemLang(["fr-FR", "en-GB"])).toBe("en");
    expect(systemLang(["de-DE"])).toBe("en");
  });
});

describe("plural forms and numbers", () => {
  it("picks one and other by the language's rules", () => {
    expect(fmtPoints(1)).toBe("1 point");
    expect(fmtPoints(2.5)).toBe("2.5 points");
    setLang("es");
    expect(fmtPoints(1)).toBe("1 punto");
    expect(fmtPoints(2)).toBe("2 puntos");
    expect(fmtLeadPoints(0.76)).toBe("0.8 puntos");
    expect(t("refresh.updated", { count: 1, n: "1" })).toBe("Actualizado: cambió 1 contienda");
    expect(t("refresh.updated", { count: 12, n: "12" })).toBe("Actualizado: cambiaron 12 contiendas");
  });

  it("formats 509944 and 0.0973 through Intl in en-US and es-US", () => {
    const expected = (locale: string) => ({
      int: new Intl.NumberFormat(locale).format(509_944),
      pct: new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(0.0973),
    });
    expect(fmtInt(509_944)).toBe("509,944");
    expect(fmtPct(9.73)).toBe("9.7%");
    expect({ int: fmtInt(509_944), pct: fmtPct(9.73) }).toEqual(expected("en-US"));
    setLang("es");
    // es-US groups thousands with commas, as LA County's Spanish materials do.
    expect(fmtInt(509_944)).toBe("509,944");
    expect({ int: fmtInt(509_944), pct: fmtPct(9.73) }).toEqual(expected("es-US"));
    expect(fmtDate("2022-11-09")).toBe("9 nov 2022");
  });
});

describe("sentences in Spanish", () => {
  // Friday 11 Nov 2022: Bass 289,782, Caruso 285,398.
  const friday = mayor(289_782, 285_398);

  it("words the margin", () => {
    setLang("es");
    expect(marginSentence(friday)).toBe("Karen Ruth Bass: ventaja de 4,384 votos (0.8 puntos)");
  });

  it("words an alert from its data, not from Rust's English", () => {
    const alert: Alert = {
      at_ms: 0,
      contest_id: friday.id,
      kind: "leader_changed",
      message: "Karen Ruth Bass now leads in Los Angeles City: Mayor, ahead of Rick J. Caruso by 0.8 points.",
      words: { key: "now_leads", leader: "Karen Ruth Bass", behind: "Rick J. Caruso", title: "Los Angeles City: Mayor", points: 0.7622 },
      story: null,
    };
    expect(alertSentence(alert)).toBe(alert.message);
    setLang("es");
    expect(alertSentence(alert)).toBe(
      "Karen Ruth Bass ahora lleva la delantera en Los Angeles City: Mayor, por encima de Rick J. Caruso por 0.8 puntos.",
    );
  });
});

/**
 * No words written into a component: text in markup, and the text attributes people read
 * (aria-label, title, placeholder, alt), must come from the catalogue. Symbols, numbers and the
 * product's name are not words to translate.
 */
describe("seat alerts", () => {
  it("word a crossing of the last-seat line in both languages", () => {
    const alert: Alert = {
      at_ms: 0,
      contest_id: "c",
      kind: "seat_changed",
      message: "",
      words: { key: "seat_change", title: "West Hollywood City: Member of the City Council", seats: 3, entered: ["Chelsea Byers"], left: ["John Duran"], votes: 13 },
      story: null,
    };
    expect(alertSentence(alert)).toBe(
      "Chelsea Byers moved into the last of 3 seats in West Hollywood City: Member of the City Council, ahead of John Duran by 13 votes.",
    );
    setLang("es");
    expect(alertSentence(alert)).toBe(
      "Chelsea Byers pasó a ocupar el último de 3 escaños en West Hollywood City: Member of the City Council, por encima de John Duran por 13 votos.",
    );
  });
});

describe("components", () => {
  const ALLOWED = new Set(["Tallyroom"]);
  const TEXT_ATTRS = new Set(["aria-label", "title", "placeholder", "alt", "label"]);
  const root = join(__dirname, "..");
  const files = ["App.svelte", ...["components", "pages"].flatMap((d) => readdirSync(join(root, d)).map((f) => join(d, f)))]
    .filter((f) => f.endsWith(".svelte"));

  function words(node: unknown, found: string[]): void {
    if (!node || typeof node !== "object") return;
    const n = node as { type?: string; data?: string; name?: string; value?: unknown };
    if (n.type === "Text" && typeof n.data === "string") {
      const text = n.data.trim();
      if (/[A-Za-zÀ-ÿ]{2,}/.test(text) && !ALLOWED.has(text)) found.push(text);
    }
    if (n.type === "Attribute") {
      // Other attributes (classes, test ids, roles) are code, not words.
      if (n.name && TEXT_ATTRS.has(n.name) && Array.isArray(n.value)) {
        for (const part of n.value as { type: string; data?: string }[]) {
          if (part.type === "Text" && /[A-Za-z]{2,}/.test(part.data ?? "")) found.push(`${n.name}="${part.data}"`);
        }
      }
      return;
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === "parent" || k === "instance" || k === "module" || k === "css") continue;
      if (Array.isArray(v)) v.forEach((c) => words(c, found));
      else if (v && typeof v === "object") words(v, found);
    }
  }

  it.each(files)("%s has no words outside the catalogue", (file) => {
    const ast = parse(readFileSync(join(root, file), "utf8"), { modern: true });
    const found: string[] = [];
    words(ast.fragment, found);
    expect(found).toEqual([]);
  });
});
