export * from "./partner.js";
export * from "./dossier.js";
export * from "./audit.js";
export * from "./registration.js";
export * from "./consult.js";
export * from "./delivery.js";
export * from "./limits.js";
export * from "./webhook.js";
