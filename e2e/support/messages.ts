/**
 * The UI's own message catalogs. Tests assert the text the product is supposed to show, so a
 * hard-coded or wrongly keyed string in the UI fails the test.
 */
import en from "../../messages/en.json" with { type: "json" };
import id from "../../messages/id.json" with { type: "json" };
import importsEn from "../../messages/imports/en.json" with { type: "json" };
import importsId from "../../messages/imports/id.json" with { type: "json" };
import privacyEn from "../../messages/privacy/en.json" with { type: "json" };
import privacyId from "../../messages/privacy/id.json" with { type: "json" };
import rfmEn from "../../messages/rfm/en.json" with { type: "json" };
import rfmId from "../../messages/rfm/id.json" with { type: "json" };
import rfmEngineEn from "../../messages/rfm-engine/en.json" with { type: "json" };
import rfmEngineId from "../../messages/rfm-engine/id.json" with { type: "json" };

const idMessages = { ...id, ...rfmId, ...rfmEngineId, ...importsId, ...privacyId };
export type Messages = typeof idMessages;

export const messages: { id: Messages; en: Messages } = {
  id: idMessages,
  en: { ...en, ...rfmEn, ...rfmEngineEn, ...importsEn, ...privacyEn },
};
