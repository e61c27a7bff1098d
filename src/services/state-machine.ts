/**
 * The shape every domain's state machine takes: one table of moves (from, to, who, guard) that the
 * domain's service enforces, its tests iterate, and `npm run docs:states` draws into
 * docs/state-machines.md. Pure data and checks, no database.
 */
import { HubError, forbidden } from "../errors.js";

export interface Transition<State extends string, Mover extends string> {
  readonly from: State;
  readonly to: State;
  /** Who may make the move (a mover kind of the domain, not necessarily a token role). */
  readonly who: readonly Mover[];
  /** A named rule the service checks besides who moves (e.g. "a stored document"); drawn on the diagram. */
  readonly guard?: string;
  /** The FORBIDDEN message for a caller who is none of `who`; a generic one otherwise. */
  readonly refusal?: string;
}

export interface StateMachineDefinition<State extends string, Mover extends string> {
  /** e.g. "Dossier": names the machine in messages and in the docs. */
  readonly name: string;
  readonly states: readonly State[];
  /** The states a new thing starts in, with who creates it. */
  readonly initial: ReadonlyArray<{ readonly state: State; readonly who: readonly string[] }>;
  readonly transitions: ReadonlyArray<Transition<State, Mover>>;
  /** Rules of the machine that are not one move's, for the docs. */
  readonly notes?: readonly string[];
}

export class StateMachine<State extends string, Mover extends string> {
  private readonly byMove = new Map<string, Transition<State, Mover>>();

  constructor(readonly definition: StateMachineDefinition<State, Mover>) {
    for (const move of definition.transitions) {
      const key = moveKey(move.from, move.to);
      if (this.byMove.has(key)) throw new Error(`${definition.name}: ${move.from} → ${move.to} is listed twice`);
      this.byMove.set(key, move);
    }
  }

  get name(): string {
    return this.definition.name;
  }

  move(from: State, to: State): Transition<State, Mover> | undefined {
    return this.byMove.get(moveKey(from, to));
  }

  canMove(from: State, to: State): boolean {
    return this.byMove.has(moveKey(from, to));
  }

  /** The statuses nothing leaves. */
  finalStates(): State[] {
    return this.definition.states.filter((state) => !this.definition.transitions.some((move) => move.from === state));
  }

  /**
   * INVALID_TRANSITION for a move the table does not have; FORBIDDEN when none of `movers` may make
   * it. Returns the move, so the service can check its guard.
   */
  assert(from: State, to: State, movers: readonly Mover[]): Transition<State, Mover> {
    const move = this.move(from, to);
    if (!move) {
      const article = /^[AEIOU]/i.test(this.name) ? "An" : "A";
      throw new HubError("INVALID_TRANSITION", `${article} ${this.name.toLowerCase()} cannot move from ${from} to ${to}`, { from, to });
    }
    if (!movers.some((mover) => move.who.includes(mover))) {
      throw forbidden(move.refusal ?? `You may not move a ${this.name.toLowerCase()} to ${to}`);
    }
    return move;
  }
}

const moveKey = (from: string, to: string) => `${from}→${to}`;
