import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import ContestCard from "../components/ContestCard.svelte";
import type { ContestView } from "./bindings";
import { marginSentence } from "./format";
import { mayor } from "./testdata";

function bars(container: HTMLElement): [string, string][] {
  return [...container.querySelectorAll('[data-testid="choice-row"]')].map((row) => [
    row.getAttribute("data-name") ?? "",
    row.querySelector(".fill")?.className.replace("fill", "").trim() ?? "",
  ]);
}

describe("ContestCard", () => {
  it("lists by votes and keeps each candidate's colour whatever the rank", () => {
    const wednesday = render(ContestCard, { contest: mayor(240_194, 252_476) });
    expect(bars(wednesday.container)).toEqual([["RICK J. CARUSO", "c1"], ["KAREN RUTH BASS", "c0"]]);
    wednesday.unmount();
    const friday = render(ContestCard, { contest: mayor(289_782, 285_398) });
    expect(bars(friday.container)).toEqual([["KAREN RUTH BASS", "c0"], ["RICK J. CARUSO", "c1"]]);
  });

  it("a card given another contest shows only that contest (the Results list keeps cards by slot)", async () => {
    const card = render(ContestCard, { contest: mayor(240_194, 252_476) });
    // The next count swaps the leader: the same rows take the other names, each its own colour.
    await card.rerender({ contest: mayor(289_782, 285_398) });
    expect(bars(card.container)).toEqual([["KAREN RUTH BASS", "c0"], ["RICK J. CARUSO", "c1"]]);
    const votes = () => [...card.container.querySelectorAll('[data-testid="choice-votes"]')].map((v) => v.textContent);
    expect(votes()).toEqual(["289,782", "285,398"]);
    // Another contest with three choices, then one with one: rows are added and taken away.
    const three: ContestView = {
      ...mayor(1, 2),
      id: "other",
      title: "Other race",
      choices: [
        { id: "a", raw_name: "A", name: "A", party: null, votes: 30, percent: 50, leading: true, winner: null, profile_id: null },
        { id: "b", raw_name: "B", name: "B", party: null, votes: 20, percent: 33.33, leading: false, winner: null, profile_id: null },
        { id: "c", raw_name: "C", name: "C", party: null, votes: 10, percent: 16.67, leading: false, winner: null, profile_id: null },
      ],
      rank: [0, 1, 2],
    };
    await card.rerender({ contest: three });
    expect(bars(card.container)).toEqual([["A", "c0"], ["B", "c1"], ["C", "c2"]]);
    expect(card.container.querySelector('[data-testid="contest-card"]')?.getAttribute("data-contest-id")).toBe("other");
    expect(card.container.querySelector('[data-testid="contest-link"]')?.textContent).toBe("Other race");
    await card.rerender({ contest: { ...three, choices: three.choices.slice(2), rank: [0] } });
    expect(bars(card.container)).toEqual([["C", "c0"]]);
    expect(votes()).toEqual(["10"]);
  });
});

describe("a measure against its rule", () => {
  it("says how far Yes is from two-thirds, never 'leading' or 'passed'", () => {
    // Pomona Measure PS, 5 Dec 2022, as tally.rs reports it.
    const ps: ContestView = {
      ...mayor(1, 2),
      kind: "measure",
      title: "Pomona: Measure PS",
      pass_rule: "2/3 of votes cast",
      choices: [
        { id: "y", raw_name: "YES", name: "Yes", party: null, votes: 11_514, percent: 56.02, leading: false, winner: null, profile_id: null },
        { id: "n", raw_name: "NO", name: "No", party: null, votes: 9_038, percent: 43.98, leading: false, winner: null, profile_id: null },
      ],
      status: {
        state: "measure",
        yes: 0,
        yes_percent: (11_514 * 100) / 20_552,
        rule: { rule: "share", num: 2, den: 3, more_than: false, text: "2/3 of votes cast" },
        needed_percent: 200 / 3,
        meets_rule: false,
        votes_short: 2_188,
      },
    };
    expect(marginSentence(ps)).toBe("Yes 56.0% · needs 66.7% · 2,188 votes short");
  });
});
