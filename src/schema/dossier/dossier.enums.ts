import { dossierStatuses } from "../../services/dossier/transitions.js";
import { graphqlEnum } from "../enum.js";

export const DossierStatusEnum = graphqlEnum("DossierStatus", dossierStatuses);
export const DossierChannelEnum = graphqlEnum("DossierChannel", ["ONLINE", "COUNTER", "POST"] as const);
export const ResultDeliveryMethodEnum = graphqlEnum("ResultDeliveryMethod", ["AT_COUNTER", "BY_POST", "ELECTRONIC"] as const);
