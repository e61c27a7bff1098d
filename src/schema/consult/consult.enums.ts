import { bookingStatus, consultMode, lawyerKind } from "../../db/schema/consult.js";
import { CONSULT_TOPIC_NAMES } from "../../integrations/bar-roster/types.js";
import { graphqlEnum } from "../enum.js";

export const LawyerKindEnum = graphqlEnum("LawyerKind", lawyerKind.enumValues);
export const ConsultTopicEnum = graphqlEnum("ConsultTopic", CONSULT_TOPIC_NAMES);
export const ConsultModeEnum = graphqlEnum("ConsultMode", consultMode.enumValues);
export const BookingStatusEnum = graphqlEnum("BookingStatus", bookingStatus.enumValues);
