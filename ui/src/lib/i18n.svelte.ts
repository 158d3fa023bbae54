// The UI's words: every sentence comes from a catalogue (src/locales/<lang>.json) through
// i18next, which also picks plural forms by the language's rules. Numbers and dates go through
// Intl in the active locale. Adding a language is adding one catalogue file and one line in
// CATALOGUES; `i18n.test.ts` fails if any catalogue lacks a key English has.
import i18next from "i18next";
import en from "../locales/en.json";
import es from "../locales/es.json";

export type Lang = "en" | "es";

export const CATALOGUES: Record<Lang, typeof en> = { en, es };
export const LANGS = Object.keys(CATALOGUES) as Lang[];

/** The Intl locale of each language: es-US groups thousands with commas, as LA's Spanish
 * materials do; English dates keep the day-month order the app has always shown. */
const NUMBER_LOCALE: Record<Lang, string> = { en: "en-US", es: "es-US" };
const DATE_LOCALE: Record<Lang, string> = { en: "en-GB", es: "es-US" };

/** Dotted keys of the English catalogue, with plural suffixes folded into their base key. */
type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type Base<K> = K extends `${infer B}_${"zero" | "one" | "two" | "few" | "many" | "other"}` ? B : K;
export type MessageKey = Base<Leaves<typeof en>>;

const i18n = i18next.createInstance();
void i18n.init({
  lng: "en",
  fallbackLng: "en",
  resources: Object.fromEntries(LANGS.map((l) => [l, { translation: CATALOGUES[l] }])),
  // Svelte escapes what it renders; escaping here too would show entities as text.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

const current = $state<{ lang: Lang }>({ lang: "en" });

/** The active language; reading it makes a component re-render when it changes. */
export function lang(): Lang {
  return current.lang;
}

export function setLang(next: Lang): void {
  if (next === current.lang) return;
  void i18n.changeLanguage(next);
  current.lang = next;
  document.documentElement.lang = next;
}

/** The language the system asks for, where Tallyroom has it; English otherwise. */
export function systemLang(languages: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0] as Lang;
    if (LANGS.includes(base)) return base;
  }
  return "en";
}

/** A sentence from the catalogue. `count` picks the plural form by the language's rules. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  void current.lang; // a dependency, so wording follows a change of language
  return i18n.t(key, params) as string;
}

export function numberLocale(): string {
  return NUMBER_LOCALE[current.lang];
}

export function dateLocale(): string {
  return DATE_LOCALE[current.lang];
}

/** A profile's sentence in the active language where the profile has it, else as written. */
export function local(text: string, translations?: { [lang in string]?: string } | null): string {
  return translations?.[current.lang] ?? text;
}

/**
 * The language of what `local` returned when it differs from the page's: profile text is
 * written in English, so an untranslated sentence on a Spanish page is marked `lang="en"` and a
 * screen reader pronounces it as English.
 */
export function localLang(translations?: { [lang in string]?: string } | null): Lang | undefined {
  return current.lang !== "en" && !translations?.[current.lang] ? "en" : undefined;
}
