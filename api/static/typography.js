// Vietnamese typography for texts the server sends as plain data: curly quotes “…” and document numbers
// ("83/KH-UBND", "127/QĐ-TTg") and dates ("12/6/2020") kept on one line. The result is DOM nodes, never parsed HTML.
import { h } from "./dom.js";

const DOCUMENT_NUMBER = /(\d+\/[A-ZĐ][A-Za-zĐđ0-9-]*[A-Za-zĐđ0-9]|\d{1,2}\/\d{1,2}\/\d{4})/u;

// "Kế hoạch "83" ..." → “…”; an unpaired quote is left as it is.
export function curlyQuotes(text) {
  return String(text).replace(/"([^"\n]+)"/g, "\u201C$1\u201D");
}

// Text nodes and <span class="nowrap"> for each document number, so "83/KH-UBND" never breaks.
export function prose(text) {
  return String(text).split(DOCUMENT_NUMBER).filter(Boolean).map((part) => (
    DOCUMENT_NUMBER.test(part) && part.match(DOCUMENT_NUMBER)[0] === part
      ? h("span", { class: "nowrap" }, part) : document.createTextNode(part)));
}

// The start of a long text, cut at a word: the card shows it, the full text sits behind "Chi tiết".
export function shorten(text, limit) {
  const value = String(text).trim();
  if (value.length <= limit) return value;
  const cut = value.slice(0, limit);
  const space = cut.lastIndexOf(" ");
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/u, "")}…`;
}
