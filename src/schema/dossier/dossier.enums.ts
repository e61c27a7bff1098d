import { dossierChannel, dossierStatus, resultDeliveryMethod } from "../../db/schema/dossier.js";
import { graphqlEnum } from "../enum.js";

export const DossierStatusEnum = graphqlEnum("DossierStatus", dossierStatus.enumValues);
export const DossierChannelEnum = graphqlEnum("DossierChannel", dossierChannel.enumValues);
export const ResultDeliveryMethodEnum = graphqlEnum("ResultDeliveryMethod", resultDeliveryMethod.enumValues);
