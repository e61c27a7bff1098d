import { dossierChannel, resultDeliveryMethod } from "../../db/schema/dossier.js";
import { dossierStatuses } from "../../services/dossier/transitions.js";
import { graphqlEnum } from "../enum.js";

export const DossierStatusEnum = graphqlEnum("DossierStatus", dossierStatuses);
export const DossierChannelEnum = graphqlEnum("DossierChannel", dossierChannel.enumValues);
export const ResultDeliveryMethodEnum = graphqlEnum("ResultDeliveryMethod", resultDeliveryMethod.enumValues);
