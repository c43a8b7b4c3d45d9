// How one exchange of the chat looks. The answer reads at a glance: the short answer first, then compact
// task cards (section and status, lead, coordinators, timeframe; the full task text behind "Chi tiết"),
// then the sources grouped per section. Lists longer than five show five and a "Xem thêm" button.
// Every server text goes in as text nodes (dom.js, typography.js), never as HTML.
import { h } from "./dom.js";
import { curlyQuotes, prose, shorten } from "./typography.js";

const VISIBLE_ITEMS = 5;
const CARD_SUMMARY_CHARS = 110;
let listCount = 0;

export function slugOf(docId) {
  return String(docId).replaceAll("/", "-");
}

// The viewer URL of a citation with its quote: /documents/83-KH-UBND?quote=…#II.5.g
export function viewerHref(url, quote) {
  if (typeof url !== "string" || !url.startsWith("/documents/")) return null;
  const hash = url.indexOf("#");
  const path = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? "" : url.slice(hash);
  return quote ? `${path}?quote=${encodeURIComponent(quote)}${fragment}` : url;
}

// "83/KH-UBND, mục II.5.g"; the preamble and closing by their titles ("Phần mở đầu"), not their ids.
function sectionLabel(docId, section, title) {
  const named = section === "preamble" || section === "closing";
  return `${docId}, ${named ? title || section : `mục ${section}`}`;
}

const keyOf = (item) => `${item.doc_id}\u0000${item.section}`;

// Citations of one section are shown once, with all their quoted lines.
export function groupCitations(citations) {
  const groups = new Map();
  for (const citation of Array.isArray(citations) ? citations : []) {
    const key = keyOf(citation);
    if (!groups.has(key)) groups.set(key, { ...citation, quotes: [] });
    const group = groups.get(key);
    if (citation.quote && !group.quotes.includes(citation.quote)) group.quotes.push(citation.quote);
  }
  return [...groups.values()];
}

// Shows the first five items of `list`; a button reveals the rest (and folds them again).
export function collapsible(list, noun) {
  const items = [...list.children];
  if (items.length <= VISIBLE_ITEMS) return list;
  list.id ||= `list-${++listCount}`;
  const rest = items.slice(VISIBLE_ITEMS);
  const more = `Xem thêm ${rest.length} ${noun}`;
  const button = h("button", { type: "button", class: "button button--more", "aria-expanded": "false",
    "aria-controls": list.id }, more);
  const show = (open) => {
    for (const item of rest) item.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Thu gọn" : more;
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  show(false);
  return [list, button];
}

// The answer's text: plain lines become paragraphs, "- " lines a list (collapsed after five).
function renderText(text) {
  const blocks = [];
  let bullets = null;
  for (const line of curlyQuotes(text).split("\n")) {
    const item = line.match(/^\s*[-•]\s+(.*)$/u);
    if (item) {
      bullets ||= h("ul", { class: "msg__list" });
      bullets.append(h("li", {}, prose(item[1])));
      continue;
    }
    if (bullets) blocks.push(collapsible(bullets, "ý"));
    bullets = null;
    if (line.trim()) blocks.push(h("p", { class: "msg__text" }, prose(line)));
  }
  if (bullets) blocks.push(collapsible(bullets, "ý"));
  return h("div", { class: "msg__body" }, blocks);
}

function agencyList(names, notes) {
  if (!Array.isArray(names) || !names.length) return "Kế hoạch không nêu";
  return names.map((name, index) => [
    index ? "; " : "",
    prose(name),
    notes?.[name] ? h("span", { class: "agency-note" }, ` ${notes[name]}`) : null,
  ]);
}

function renderTask(task, note, quoteOf) {
  const timeframe = task.timeframe || {};
  const summary = String(task.summary || "");
  const short = shorten(summary, CARD_SUMMARY_CHARS);
  const href = viewerHref(`/documents/${slugOf(task.doc_id)}#${task.section}`, quoteOf(task));
  const field = (label, value) => h("div", { class: "task-card__field" }, h("dt", {}, label), h("dd", {}, value));
  return h("li", { class: "task-card" },
    h("div", { class: "task-card__top" },
      h("a", { class: "task-card__section", href }, prose(sectionLabel(task.doc_id, task.section))),
      note ? h("span", { class: `status status--${note.status}` },
        h("span", { class: "visually-hidden" }, "Trạng thái: "), note.status_label) : null),
    h("p", { class: "task-card__summary" }, prose(short)),
    h("dl", { class: "task-card__fields" },
      field("Chủ trì", agencyList(task.lead, note?.successor_notes)),
      field("Phối hợp", agencyList(task.coordinators, note?.successor_notes)),
      field("Thời gian", timeframe.text || "Kế hoạch không nêu")),
    short !== summary.trim() ? h("details", { class: "task-card__details" },
      h("summary", {}, "Chi tiết nhiệm vụ"),
      h("p", {}, prose(summary))) : null);
}

// The task's own sentence ("d) Xây dựng …") is already on its card: the source shows the other lines.
function isTaskSentence(line, task) {
  const text = line.trim().replace(/^[a-zđ]\)\s*|^\d+(\.\d+)*\.\s*/u, "");
  return Boolean(task) && text === String(task.summary || "").trim();
}

function renderCitation(group, task) {
  const quote = group.quotes.join("\n");
  const label = sectionLabel(group.doc_id, group.section, group.title);
  const href = viewerHref(group.url, quote);
  const titled = group.title && !task && !["preamble", "closing"].includes(group.section);
  const shown = group.quotes.flatMap((q) => q.split("\n")).filter((line) => line.trim() && !isTaskSentence(line, task));
  return h("li", { class: "citation" },
    href ? h("a", { class: "citation__link", href }, prose(label)) : h("span", { class: "citation__link" }, prose(label)),
    titled ? h("span", { class: "citation__title" }, " – ", prose(shorten(group.title, CARD_SUMMARY_CHARS))) : null,
    shown.length ? h("blockquote", { class: "citation__quote" }, prose(shown.join("\n"))) : null);
}

export function renderQuestion(text) {
  return h("li", { class: "msg msg--user" },
    h("p", { class: "msg__who" }, "Bạn hỏi"),
    h("p", { class: "msg__text" }, text));
}

export function renderAnswer(message) {
  const notFound = message.found === false;
  const tasks = Array.isArray(message.tasks) ? message.tasks : [];
  const notes = new Map((Array.isArray(message.task_notes) ? message.task_notes : []).map((n) => [keyOf(n), n]));
  const citations = groupCitations(message.citations);
  const quotes = new Map(citations.map((group) => [keyOf(group), group.quotes.join("\n")]));
  const carded = new Map(tasks.map((task) => [keyOf(task), task]));
  const quoteOf = (task) => quotes.get(keyOf(task)) || "";
  return h("li", { class: `msg msg--bot${notFound ? " msg--not-found" : ""}` },
    h("p", { class: "msg__who" }, "Trợ lý"),
    notFound ? h("p", { class: "badge badge--warning" }, "Không có trong kế hoạch") : null,
    renderText(message.text),
    tasks.length ? h("section", { class: "msg__block" },
      h("h3", { class: "msg__block-title" }, tasks.length === 1 ? "Nhiệm vụ" : `Nhiệm vụ (${tasks.length})`),
      collapsible(h("ul", { class: "task-list" }, tasks.map((task) => renderTask(task, notes.get(keyOf(task)), quoteOf))),
        "nhiệm vụ")) : null,
    citations.length ? h("section", { class: "msg__block" },
      h("h3", { class: "msg__block-title" },
        citations.length === 1 ? "Nguồn trích dẫn" : `Nguồn trích dẫn (${citations.length} mục)`),
      collapsible(h("ol", { class: "citations" }, citations.map((group) => renderCitation(group, carded.get(keyOf(group))))),
        "mục")) : null);
}

export function renderError(message) {
  return h("li", { class: "msg msg--error" },
    h("p", { class: "msg__who" }, "Không nhận được câu trả lời"),
    message.partial ? h("p", { class: "msg__text" }, message.partial) : null,
    h("p", { class: "msg__error" }, message.text));
}

export function render(message) {
  if (message.role === "user") return renderQuestion(message.text);
  if (message.role === "assistant") return renderAnswer(message);
  return renderError(message);
}

export function pendingAnswer() {
  const text = h("p", { class: "msg__text" });
  const typing = h("p", { class: "msg__typing" }, "Đang soạn câu trả lời…");
  const node = h("li", { class: "msg msg--bot msg--pending", "aria-busy": "true" },
    h("p", { class: "msg__who" }, "Trợ lý"), text, typing);
  return {
    node,
    show(value) {
      text.textContent = value;
      typing.hidden = true;
    },
  };
}
