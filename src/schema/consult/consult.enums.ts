import { CONSULT_TOPIC_NAMES } from "../../integrations/bar-roster/types.js";
import { bookingStatuses } from "../../services/consult/booking-transitions.js";
import { graphqlEnum } from "../enum.js";

export const LawyerKindEnum = graphqlEnum("LawyerKind", ["LAWYER", "TRAINEE"] as const);
export const ConsultTopicEnum = graphqlEnum("ConsultTopic", CONSULT_TOPIC_NAMES);
export const ConsultModeEnum = graphqlEnum("ConsultMode", ["IN_PERSON", "ONLINE", "PHONE"] as const);
export const BookingStatusEnum = graphqlEnum("BookingStatus", bookingStatuses);
