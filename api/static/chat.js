// The chat page: send a question, stream the answer in, then show its citations and task cards.
// The conversation and the server's session_id live in sessionStorage, so a reload keeps them.
// Every text from the user or the server is inserted as text (textContent / text nodes), never as HTML.
import { ApiError, postEvents } from "./sse.js";
import { h } from "./dom.js";

const CHAT_URL = "/api/chat";
const STORAGE_KEY = "plan-assistant.chat.v1";

const form = document.getElementById("ask-form");
const input = document.getElementById("question");
const sendButton = document.getElementById("send");
const newChatButton = document.getElementById("new-chat");
const messages = document.getElementById("messages");
const suggestions = document.getElementById("suggestions");
const status = document.getElementById("chat-status");
const chat = document.getElementById("chat");

let state = loadState();
let controller = null; // AbortController of the answer being streamed

// -- storage ---------------------------------------------------------------------------------------
function loadState() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
    if (saved && Array.isArray(saved.messages)) return saved;
  } catch {
    // unreadable or unavailable storage: start afresh
  }
  return { sessionId: null, messages: [] };
}

function saveState() {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // storage full or disabled: the conversation simply won't survive a reload
  }
}


function slugOf(docId) {
  return String(docId).replaceAll("/", "-");
}

// The viewer URL of a citation with its quote: /documents/83-KH-UBND?quote=…#II.5.g
function viewerHref(url, quote) {
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

// Citations of one section are shown once, with all their quoted lines.
function groupCitations(citations) {
  const groups = new Map();
  for (const citation of citations || []) {
    const key = `${citation.doc_id}\u0000${citation.section}`;
    if (!groups.has(key)) groups.set(key, { ...citation, quotes: [] });
    const group = groups.get(key);
    if (citation.quote && !group.quotes.includes(citation.quote)) group.quotes.push(citation.quote);
  }
  return [...groups.values()];
}

// -- rendering -------------------------------------------------------------------------------------
function renderQuestion(text) {
  return h("li", { class: "msg msg--user" },
    h("p", { class: "msg__who" }, "Bạn hỏi"),
    h("p", { class: "msg__text" }, text));
}

function renderTask(task) {
  const timeframe = task.timeframe || {};
  const field = (label, value) => h("div", { class: "task-card__field" }, h("dt", {}, label), h("dd", {}, value));
  const join = (list) => (Array.isArray(list) && list.length ? list.join("; ") : "Kế hoạch không nêu");
  return h("li", { class: "task-card" },
    h("p", { class: "task-card__section" },
      h("a", { href: `/documents/${slugOf(task.doc_id)}#${task.section}` }, sectionLabel(task.doc_id, task.section))),
    h("p", { class: "task-card__summary" }, task.summary || ""),
    h("dl", { class: "task-card__fields" },
      field("Chủ trì", join(task.lead)),
      field("Phối hợp", join(task.coordinators)),
      field("Thời gian", timeframe.text || "Kế hoạch không nêu")));
}

function renderCitation(group) {
  const quote = group.quotes.join("\n");
  const label = sectionLabel(group.doc_id, group.section, group.title);
  const href = viewerHref(group.url, quote);
  return h("li", { class: "citation" },
    href ? h("a", { class: "citation__link", href }, label) : h("span", { class: "citation__link" }, label),
    group.title && !["preamble", "closing"].includes(group.section)
      ? h("span", { class: "citation__title" }, ` – ${group.title}`) : null,
    group.quotes.length ? h("blockquote", { class: "citation__quote" }, quote) : null);
}

function renderAnswer(message) {
  const notFound = message.found === false;
  const tasks = Array.isArray(message.tasks) ? message.tasks : [];
  const citations = groupCitations(message.citations);
  return h("li", { class: `msg msg--bot${notFound ? " msg--not-found" : ""}` },
    h("p", { class: "msg__who" }, "Trợ lý"),
    notFound ? h("p", { class: "badge badge--warning" }, "Không có trong kế hoạch") : null,
    h("p", { class: "msg__text" }, message.text),
    tasks.length ? h("section", { class: "msg__block" },
      h("h3", { class: "msg__block-title" }, tasks.length === 1 ? "Nhiệm vụ" : `Nhiệm vụ (${tasks.length})`),
      h("ul", { class: "task-list" }, tasks.map(renderTask))) : null,
    citations.length ? h("section", { class: "msg__block" },
      h("h3", { class: "msg__block-title" }, "Nguồn trích dẫn"),
      h("ol", { class: "citations" }, citations.map(renderCitation))) : null);
}

function renderError(message) {
  return h("li", { class: "msg msg--error" },
    h("p", { class: "msg__who" }, "Không nhận được câu trả lời"),
    message.partial ? h("p", { class: "msg__text" }, message.partial) : null,
    h("p", { class: "msg__error" }, message.text));
}

function render(message) {
  if (message.role === "user") return renderQuestion(message.text);
  if (message.role === "assistant") return renderAnswer(message);
  return renderError(message);
}

function pendingAnswer() {
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

function showConversation() {
  messages.replaceChildren(...state.messages.map(render));
  setActive(state.messages.length > 0);
}

function setActive(active) {
  suggestions.hidden = active;
  newChatButton.hidden = !active;
  chat.classList.toggle("chat--active", active);
}

function setBusy(busy) {
  sendButton.disabled = busy;
  form.setAttribute("aria-busy", String(busy));
  for (const button of suggestions.querySelectorAll("button")) button.disabled = busy;
}

function scrollToLatest(node) {
  const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  node.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
}

// -- asking ----------------------------------------------------------------------------------------
function errorText(error) {
  if (error instanceof ApiError) return error.message;
  return "Đã xảy ra lỗi không mong muốn. Vui lòng thử lại.";
}

async function ask(rawQuestion) {
  const question = rawQuestion.trim();
  if (!question || controller) return;
  controller = new AbortController();
  const { signal } = controller;
  setBusy(true);
  status.textContent = "Đang trả lời…";

  state.messages.push({ role: "user", text: question });
  saveState();
  setActive(true);
  const questionNode = renderQuestion(question);
  const pending = pendingAnswer();
  messages.append(questionNode, pending.node);
  scrollToLatest(questionNode);

  let text = "";
  let meta = null;
  let message;
  try {
    const payload = { question, session_id: state.sessionId };
    for await (const { event, data } of postEvents(CHAT_URL, payload, { signal })) {
      if (event === "session" && typeof data.session_id === "string") {
        state.sessionId = data.session_id;
        saveState();
      } else if (event === "token" && typeof data.text === "string") {
        text += data.text;
        pending.show(text);
      } else if (event === "citations") {
        meta = data;
      } else if (event === "error") {
        throw new ApiError(typeof data.detail === "string" ? data.detail : "Máy chủ báo lỗi khi trả lời.");
      } else if (event === "done") {
        break;
      }
    }
    if (!meta) throw new ApiError("Câu trả lời bị gián đoạn trước khi hoàn tất. Vui lòng hỏi lại.");
    message = { role: "assistant", text, found: meta.found, intent: meta.intent,
                citations: meta.citations || [], tasks: meta.tasks || [] };
    status.textContent = "Đã có câu trả lời.";
  } catch (error) {
    if (signal.aborted) return; // the conversation was cleared meanwhile
    message = { role: "error", text: errorText(error), partial: text };
    status.textContent = message.text;
  } finally {
    if (!signal.aborted) {
      controller = null;
      setBusy(false);
    }
  }
  state.messages.push(message);
  saveState();
  pending.node.replaceWith(render(message));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (controller) return;
  const question = input.value;
  if (!question.trim()) {
    status.textContent = "Hãy nhập câu hỏi trước khi gửi.";
    input.focus();
    return;
  }
  input.value = "";
  ask(question);
  input.focus();
});

input.addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter adds a line; never while an input method is composing (Telex, VNI…).
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    form.requestSubmit();
  }
});

suggestions.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-question]");
  if (button) ask(button.dataset.question).then(() => input.focus());
});

newChatButton.addEventListener("click", () => {
  controller?.abort();
  controller = null;
  setBusy(false);
  state = { sessionId: null, messages: [] };
  saveState();
  showConversation();
  status.textContent = "Đã bắt đầu cuộc trò chuyện mới.";
  input.focus();
});

showConversation();
