import { afterEach, describe, expect, it } from "vitest";
import type { ContestView } from "./bindings";
import { setLang } from "./i18n.svelte";
import { fmtChangeText, fmtVotesText, reasonLabel, roundsSentence } from "./rounds";
import { mayor } from "./testdata";

afterEach(() => setLang("en"));

describe("a report's decimal text", () => {
  // Figures as the Minneapolis and Maine reports write them.
  const check = (text: string, shown: string, change: string) => {
    expect(fmtVotesText(text), text).toBe(shown);
    expect(fmtChangeText(text), text).toBe(change);
  };
  it("is shown digit for digit, grouped, without a float", () => {
    check("41735", "41,735", "+41,735");
    check("14866.0000", "14,866", "+14,866");
    check("177.5192", "177.5192", "+177.5192");
    check("42154.5192", "42,154.5192", "+42,154.5192");
    check("-29944", "−29,944", "−29,944");
    check("-178.0000", "−178", "−178");
    check("0.0000", "0", "±0");
    check("12345678901234567890.1234", "12,345,678,901,234,567,890.1234", "+12,345,678,901,234,567,890.1234");
    expect(fmtVotesText("n/a")).toBe("n/a");
  });
  it("groups as the active locale does", () => {
    setLang("es");
    expect(fmtVotesText("63387")).toBe(new Intl.NumberFormat("es-US").format(63387));
    expect(reasonLabel("overvotes")).toMatch(/^Sobrevotos/);
    expect(reasonLabel("someNewReason")).toBe("someNewReason");
  });
});

describe("the status line of a ranked-choice count", () => {
  // Maine's 2018 primary, round 1 (first choices) in the shape Rust sends.
  const base = mayor(41_735, 35_478);
  const maine = (origin: "report" | "preliminary", elected: boolean): ContestView => ({
    ...base,
    choices: base.choices.map((c, i) => ({ ...c, name: i === 0 ? "Mills, Janet T." : "Cote, Adam Roland" })),
    status: { state: "rounds", origin, rounds: 4, elected: elected ? [{ choice: 0, round: 4 }] : [], ahead: [0], over_threshold: [0] },
    rounds: { origin, cast_vote_records: origin === "preliminary" ? 100 : null, generated_by: null, seats: 1, candidates: [], total_ballots: null, undervotes: null, rounds: [] },
  });
  it("says elected only where the report does, and labels preliminary rounds", () => {
    expect(roundsSentence(maine("report", true))).toBe("Mills, Janet T. elected in round 4, as the report counts it");
    expect(roundsSentence(maine("report", false))).toBe("Mills, Janet T. ahead in round 4 of the report; no one elected yet");
    const pre = roundsSentence(maine("preliminary", false));
    expect(pre).toBe("Preliminary: Mills, Janet T. over the threshold in round 4, computed by Tallyroom from 100 cast vote records (not the official count)");
    expect(pre).not.toMatch(/elected/);
    setLang("es");
    expect(roundsSentence(maine("report", true))).toBe("Mills, Janet T., electo en la ronda 4 según el conteo del informe");
  });
});
