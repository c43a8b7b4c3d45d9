// The chat page: send a question, stream the answer in, then show its citations and task cards
// (answer_view.js). While the answer grows, the question's top stays in view (follow.js).
// The conversation and the server's session_id live in sessionStorage, so a reload keeps them.
// Every text from the user or the server is inserted as text (textContent / text nodes), never as HTML.
import { ApiError, postEvents } from "./sse.js";
import { pendingAnswer, render, renderQuestion } from "./answer_view.js";
import { follow } from "./follow.js";

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
const inputError = document.getElementById("question-error");

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

function showConversation() {
  messages.replaceChildren(...state.messages.map(render));
  setActive(state.messages.length > 0);
  const questions = messages.querySelectorAll(".msg--user");
  if (questions.length) { // a reload: back to the latest question
    const view = follow(questions[questions.length - 1]);
    view.update();
    view.stop();
  }
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

function showInputError(message) {
  inputError.textContent = message;
  inputError.hidden = !message;
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

// -- asking ----------------------------------------------------------------------------------------
function errorText(error) {
  if (error instanceof ApiError) return error.message;
  return "Đã xảy ra lỗi không mong muốn. Vui lòng thử lại.";
}

async function ask(rawQuestion) {
  const question = rawQuestion.trim();
  if (!question || controller) return;
  showInputError("");
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
  const view = follow(questionNode);
  view.update();

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
        view.update();
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
                citations: meta.citations || [], tasks: meta.tasks || [], task_notes: meta.task_notes || [] };
    status.textContent = "Đã có câu trả lời.";
  } catch (error) {
    if (signal.aborted) { // the conversation was cleared meanwhile
      view.stop();
      return;
    }
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
  view.update();
  view.stop();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (controller) return;
  const question = input.value;
  if (!question.trim()) {
    showInputError("Hãy nhập câu hỏi trước khi gửi.");
    input.focus();
    return;
  }
  input.value = "";
  ask(question);
  input.focus();
});

input.addEventListener("input", () => {
  if (input.value.trim()) showInputError("");
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
  showInputError("");
  status.textContent = "Đã bắt đầu cuộc trò chuyện mới.";
  input.focus();
});

showConversation();
