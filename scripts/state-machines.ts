/**
 * Draws docs/state-machines.md from the domains' transition tables: a Mermaid stateDiagram-v2 per
 * machine (GitHub renders it) and the table itself. `npm run docs:states` writes it; a test fails
 * when the committed file differs from what the tables produce.
 */
import { consultMachine } from "../src/services/consult/consult.transitions.js";
import { shipmentMachine } from "../src/services/delivery/delivery.transitions.js";
import { dossierMachine } from "../src/services/dossier/dossier.transitions.js";
import { registrationMachine } from "../src/services/registration/registration.transitions.js";
import type { StateMachine } from "../src/services/state-machine.js";

export const machines: ReadonlyArray<{ machine: StateMachine<string, string>; source: string }> = [
  { machine: dossierMachine, source: "src/services/dossier/dossier.transitions.ts" },
  { machine: registrationMachine, source: "src/services/registration/registration.transitions.ts" },
  { machine: consultMachine, source: "src/services/consult/consult.transitions.ts" },
  { machine: shipmentMachine, source: "src/services/delivery/delivery.transitions.ts" },
];

/** Mermaid labels: no characters its grammar treats specially. */
const label = (text: string) => text.replace(/[:;#"]/g, " ").replace(/'/g, "’");

function diagram(machine: StateMachine<string, string>): string[] {
  const { initial, transitions } = machine.definition;
  const lines = ["```mermaid", "stateDiagram-v2"];
  for (const { state } of initial) lines.push(`    [*] --> ${state}`);
  for (const move of transitions) {
    const guard = move.guard ? ` if ${move.guard}` : "";
    lines.push(`    ${move.from} --> ${move.to}: ${label(move.who.join(", ") + guard)}`);
  }
  for (const state of machine.finalStates()) lines.push(`    ${state} --> [*]`);
  lines.push("```");
  return lines;
}

function table(machine: StateMachine<string, string>): string[] {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const lines = ["| from | to | who | guard |", "| --- | --- | --- | --- |"];
  for (const { state, who } of machine.definition.initial) lines.push(`| (new) | ${state} | ${cell(who.join(", "))} |  |`);
  for (const move of machine.definition.transitions) {
    lines.push(`| ${move.from} | ${move.to} | ${move.who.join(", ")} | ${cell(move.guard ?? "")} |`);
  }
  return lines;
}

export function renderStateMachines(): string {
  const out = [
    "# State machines",
    "",
    "Drawn from the transition tables by `npm run docs:states`; do not edit by hand (a test compares this",
    "file with what the tables produce). Each table is the one place its rules live: the domain's service",
    "enforces it — a move it does not list is INVALID_TRANSITION, a caller who is none of its movers is",
    "FORBIDDEN, and the guard is checked inside the move's transaction.",
  ];
  for (const { machine, source } of machines) {
    out.push("", `## ${machine.name}`, "", `From \`${source}\`.`, "", ...diagram(machine), "", ...table(machine));
    const notes = machine.definition.notes ?? [];
    if (notes.length > 0) out.push("", ...notes.map((note) => `- ${note}`));
  }
  return out.join("\n") + "\n";
}
