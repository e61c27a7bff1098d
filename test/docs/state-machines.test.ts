/**
 * The transition tables are the one place each domain's moves live: docs/state-machines.md must be
 * what they draw, and every table must be a well-formed machine. Each domain's own tests check its
 * table against the SPEC (test/dossier/transitions.test.ts, test/consult/consult-rules.test.ts,
 * test/registration/registration-rules.test.ts, test/delivery/shipment-machine.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { machines, renderStateMachines } from "../../scripts/state-machines.js";
import { projectRoot } from "../../src/config.js";

describe("docs/state-machines.md", () => {
  it("is what the transition tables draw (run npm run docs:states after changing a table)", () => {
    expect(readFileSync(join(projectRoot, "docs", "state-machines.md"), "utf8")).toBe(renderStateMachines());
  });
});

describe.each(machines.map(({ machine }) => [machine.name, machine] as const))("the %s machine", (_name, machine) => {
  const { states, initial, transitions } = machine.definition;

  it("moves only between its own statuses, each move with at least one mover", () => {
    for (const move of transitions) {
      expect(states).toContain(move.from);
      expect(states).toContain(move.to);
      expect(move.who.length).toBeGreaterThan(0);
    }
    for (const { state } of initial) expect(states).toContain(state);
  });

  it("reaches every status from where things start, and has somewhere to end", () => {
    const reached = new Set(initial.map(({ state }) => state));
    for (let grew = true; grew; ) {
      grew = false;
      for (const move of transitions) {
        if (reached.has(move.from) && !reached.has(move.to)) {
          reached.add(move.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...states].sort());
    expect(machine.finalStates().length).toBeGreaterThan(0);
  });
});
