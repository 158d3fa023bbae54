// One colour, dash and point shape per choice, by its place on the ballot, for every chart
// (Okabe–Ito: distinguishable with every common colour-vision deficiency). The cards' bars use
// the same order through the `c0`…`c5` classes.
export const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
export const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
export const POINTS = ["circle", "rect", "triangle", "rectRot"] as const;

/** Dark as the window shows it: the theme chosen in Settings, else the system's. */
export function isDark(): boolean {
  const chosen = document.documentElement.dataset.theme;
  return chosen ? chosen === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
}

/** Applies the theme chosen in Settings (`null`: follow the system). */
export function applyTheme(theme: "light" | "dark" | null): void {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

/** What every chart shares: no animation (reduced motion, and counts are not a show), sized by
 *  its box, and text in the theme's ink. */
export function chartBase(): { dark: boolean; ink: string; options: { animation: false; responsive: true; maintainAspectRatio: false; color: string } } {
  const dark = isDark();
  const ink = dark ? "#e6e6e6" : "#222";
  return { dark, ink, options: { animation: false, responsive: true, maintainAspectRatio: false, color: ink } };
}
