/**
 * The shipment machine (delivery.transitions.ts): the post's tracking events arrive late, twice and
 * out of order, so a delivery moves only forward in the post's order. No database.
 */
import { describe, expect, it } from "vitest";
import { SHIPMENT_STATUSES, isFinalShipmentStatus } from "../../src/integrations/post/types.js";
import { shipmentMachine } from "../../src/services/delivery/delivery.transitions.js";

describe("shipment status order", () => {
  it("never lets a final status be replaced and lets delivery beat a failed attempt", () => {
    const order = ["CREATED", "PICKED_UP", "IN_TRANSIT", "FAILED", "DELIVERED"] as const;
    for (const [i, from] of order.entries()) {
      for (const [j, to] of order.entries()) expect(shipmentMachine.canMove(from, to)).toBe(j > i);
    }
    for (const final of ["DELIVERED", "RETURNED_TO_SENDER"] as const) {
      for (const to of SHIPMENT_STATUSES) expect(shipmentMachine.canMove(final, to)).toBe(false);
      expect(shipmentMachine.canMove("FAILED", final)).toBe(true);
    }
    expect(shipmentMachine.finalStates().sort()).toEqual(["DELIVERED", "RETURNED_TO_SENDER"]);
    expect(() => shipmentMachine.assert("DELIVERED", "IN_TRANSIT", ["POST"])).toThrow(/cannot move from DELIVERED to IN_TRANSIT/);
    expect(isFinalShipmentStatus("DELIVERED")).toBe(true);
    expect(isFinalShipmentStatus("FAILED")).toBe(false);
  });
});
