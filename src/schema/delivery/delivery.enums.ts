import { SHIPMENT_STATUSES } from "../../integrations/post/types.js";
import { graphqlEnum } from "../enum.js";

export const DeliveryStatusEnum = graphqlEnum("DeliveryStatus", SHIPMENT_STATUSES);
