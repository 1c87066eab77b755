/**
 * The UI's own message catalogs. Tests assert the text the product is supposed to show, so a
 * hard-coded or wrongly keyed string in the UI fails the test.
 */
import en from "../../messages/en.json" with { type: "json" };
import id from "../../messages/id.json" with { type: "json" };

export type Messages = typeof id;

export const messages: { id: Messages; en: Messages } = { id, en };
