import en from "../../messages/en.json";
import id from "../../messages/id.json";
import importsEn from "../../messages/imports/en.json";
import importsId from "../../messages/imports/id.json";
import privacyEn from "../../messages/privacy/en.json";
import privacyId from "../../messages/privacy/id.json";
import rfmEn from "../../messages/rfm/en.json";
import rfmId from "../../messages/rfm/id.json";
import rfmEngineEn from "../../messages/rfm-engine/en.json";
import rfmEngineId from "../../messages/rfm-engine/id.json";

/**
 * The message catalogs, one file per product area (messages/<area>/<locale>.json) merged
 * under top-level namespaces, so areas built at the same time never edit the same file.
 * Indonesian is the source of truth; English must provide every key (checked by tsc).
 */
export const idMessages = { ...id, ...rfmId, ...rfmEngineId, ...importsId, ...privacyId };
export type Catalog = typeof idMessages;
export const enMessages: Catalog = { ...en, ...rfmEn, ...rfmEngineEn, ...importsEn, ...privacyEn };
