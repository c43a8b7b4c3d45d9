// Embeddable assistant. One tag on any page:
//   <script src="https://HOST/widget.js" data-title="Hỏi đáp Kế hoạch 83" defer></script>
// adds a <plan-assistant> element whose open shadow root holds all its markup and styles, so the host
// page's CSS cannot reach in and nothing leaks out. Answers stream from HOST/api/chat (Server-Sent Events
// over a POST); the session id is kept in memory; every text is inserted as text, never as HTML.
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || !window.customElements || customElements.get("plan-assistant")) return;
  const BASE = new URL(script.src, location.href).origin; // the API lives where this script came from
  const TITLE = script.dataset.title || "Hỏi đáp Kế hoạch 83";
  const SUGGESTIONS = [
    "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?",
    "Kinh phí thực hiện kế hoạch lấy từ đâu?",
  ];

  const CSS = `
    :host {
      all: initial !important;
      display: block !important; position: fixed !important; right: 0 !important; bottom: 0 !important;
      width: 0 !important; height: 0 !important; z-index: 2147483647 !important;
      visibility: visible !important; opacity: 1 !important;
    }
    *, *::before, *::after { box-sizing: border-box; }
    [hidden] { display: none !important; }
    .root {
      font: 400 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
      color: #1b1f24; text-align: left; letter-spacing: normal; word-spacing: normal; text-transform: none;
    }
    button, input { font: inherit; color: inherit; margin: 0; }
    :focus-visible { outline: 3px solid #1b1f24; outline-offset: 2px; }
    .launcher {
      position: fixed; right: 20px; bottom: 20px; width: 58px; height: 58px;
      display: flex; align-items: center; justify-content: center;
      border: 2px solid #fff; border-radius: 50%; background: #0a4f96; color: #fff; cursor: pointer;
      box-shadow: 0 4px 14px rgba(0, 0, 0, 0.3);
    }
    .launcher:hover { background: #083c73; }
    .launcher svg { width: 28px; height: 28px; display: block; }
    .panel {
      position: fixed; right: 20px; bottom: 90px; width: 380px; height: 560px;
      max-width: calc(100vw - 24px); max-height: calc(100vh - 110px);
      display: flex; flex-direction: column; overflow: hidden;
      background: #fff; border: 1px solid #c3cad3; border-radius: 14px;
      box-shadow: 0 12px 40px rgba(0, 0, 0, 0.28);
    }
    .header {
      display: flex; align-items: center; justify-content: space-between; gap: 8px;
      padding: 10px 10px 10px 16px; background: #0a4f96; color: #fff;
    }
    .title { margin: 0; font-size: 16px; font-weight: 700; line-height: 1.3; color: #fff; }
    .close {
      width: 36px; height: 36px; flex: none; border: 0; border-radius: 8px;
      background: transparent; color: #fff; font-size: 24px; line-height: 1; cursor: pointer;
    }
    .close:hover { background: rgba(255, 255, 255, 0.15); }
    .header :focus-visible { outline-color: #fff; }
    .log { position: relative; flex: 1; overflow-y: auto; padding: 12px; background: #f4f5f7; }
    .intro { margin: 0 0 8px; color: #4a5260; font-size: 14px; }
    .suggestion {
      display: block; width: 100%; margin: 0 0 6px; padding: 8px 10px; text-align: left; cursor: pointer;
      background: #fff; color: #0a4f96; border: 1px solid #6b7380; border-radius: 8px; font-size: 14px;
    }
    .suggestion:hover { background: #e7f0fa; }
    .msg { margin: 0 0 10px; padding: 8px 11px; border-radius: 10px; font-size: 14px; }
    .who { margin: 0 0 2px; font-size: 12px; font-weight: 600; color: #4a5260; }
    .text { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
    .question { margin-left: 32px; background: #e7f0fa; border: 1px solid #b9cfe8; }
    .answer { background: #fff; border: 1px solid #d3d8df; }
    .answer.not-found { background: #fff5e1; border: 1px solid #b45f06; border-left-width: 4px; }
    .badge {
      display: inline-block; margin: 0 0 4px; padding: 0 8px; border-radius: 999px; font-size: 12px;
      font-weight: 600; color: #7a3b00; background: #fff; border: 1px solid #b45f06;
    }
    .typing { margin: 0; color: #4a5260; font-style: italic; }
    .error { background: #fdeceb; border: 1px solid #b3261e; border-left-width: 4px; color: #8c1d18; }
    .sources { margin: 8px 0 0; padding: 6px 0 0; border-top: 1px solid #e1e5ea; }
    .sources-title { margin: 0 0 4px; font-size: 12px; font-weight: 600; color: #4a5260; }
    .sources ol { margin: 0; padding: 0 0 0 18px; }
    .sources li { margin: 0 0 6px; }
    .citation { color: #0a4f96; font-weight: 600; text-decoration: underline; }
    .citation:hover { color: #083c73; }
    .quote {
      margin: 2px 0 0; padding: 0 0 0 8px; border-left: 3px solid #d3d8df;
      color: #4a5260; font-size: 13px; white-space: pre-line; overflow-wrap: anywhere;
    }
    .form { display: flex; flex-wrap: wrap; gap: 6px 8px; padding: 10px; border-top: 1px solid #d3d8df; background: #fff; }
    .input {
      flex: 1; min-width: 0; height: 42px; padding: 0 10px;
      background: #fff; color: #1b1f24; border: 1px solid #6b7380; border-radius: 8px;
      font-size: 16px; /* below 16px, iOS Safari zooms the host page when the field gets focus */
    }
    .input[aria-invalid="true"] { border: 2px solid #b3261e; }
    .form-error { flex: 1 0 100%; order: 3; margin: 0; color: #8c1d18; font-size: 14px; font-weight: 600; }
    .input::placeholder { color: #5f6874; opacity: 1; }
    .send {
      flex: none; height: 42px; padding: 0 16px; border: 0; border-radius: 8px; cursor: pointer;
      background: #0a4f96; color: #fff; font-weight: 600; font-size: 16px;
    }
    .send:hover { background: #083c73; }
    .send:disabled { background: #5f6b7a; cursor: progress; }
    .sr-only {
      position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
      overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
    }
    @media (max-width: 480px) {
      .panel { right: 8px; left: 8px; width: auto; max-width: none; bottom: 84px; max-height: calc(100vh - 96px); }
      .launcher { right: 14px; bottom: 14px; }
    }
  `;

  // h("p", {class: "x"}, "text", child): strings become text nodes, so data is never parsed as HTML.
  function h(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
    return node;
  }

  function chatIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-8l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5h10M7 13.5h6");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "1.8");
    path.setAttribute("stroke-linecap", "round");
    path.setAttribute("stroke-linejoin", "round");
    svg.append(path);
    return svg;
  }

  // -- Server-Sent Events over a POST (same parser as static/sse.js: the widget must stay one file) ----
  class ApiError extends Error {}

  async function* sseEvents(body) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let event = "";
    let data = [];
    try {
      for (;;) {
        const { value, done } = await reader.read();
        buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
        const hold = !done && buffer.endsWith("\r"); // maybe the first half of "\r\n"
        const lines = (hold ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
        buffer = done ? "" : lines.pop() + (hold ? "\r" : "");
        for (const line of lines) {
          if (line === "") {
            if (data.length) yield { event: event || "message", data: data.join("\n") };
            event = "";
            data = [];
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon === -1 ? line : line.slice(0, colon);
            const text = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") event = text;
            else if (field === "data") data.push(text);
          }
        }
        if (done) return;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  async function* postChat(question, sessionId) {
    let response;
    try {
      response = await fetch(`${BASE}/api/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question, session_id: sessionId }),
        credentials: "omit",
      });
    } catch {
      throw new ApiError("Không kết nối được máy chủ trợ lý. Hãy kiểm tra kết nối mạng rồi thử lại.");
    }
    if (!response.ok) {
      let detail = "";
      try {
        const body = await response.json();
        if (typeof body.detail === "string") detail = body.detail;
      } catch {
        // not JSON
      }
      const fallback = response.status === 429
        ? "Bạn đã gửi quá nhiều câu hỏi. Vui lòng đợi một lát rồi thử lại."
        : `Máy chủ không trả lời được (mã ${response.status}). Vui lòng thử lại sau.`;
      throw new ApiError(detail || fallback);
    }
    try {
      for await (const { event, data } of sseEvents(response.body)) yield { event, data: JSON.parse(data) };
    } catch {
      throw new ApiError("Kết nối bị gián đoạn trong khi nhận câu trả lời.");
    }
  }

  function citationGroups(citations) {
    const groups = new Map();
    for (const citation of Array.isArray(citations) ? citations : []) {
      const key = `${citation.doc_id}\u0000${citation.section}`;
      if (!groups.has(key)) groups.set(key, { ...citation, quotes: [] });
      const group = groups.get(key);
      if (citation.quote && !group.quotes.includes(citation.quote)) group.quotes.push(citation.quote);
    }
    return [...groups.values()];
  }

  // "83/KH-UBND, mục II.5.g"; the preamble and closing by their titles ("Phần mở đầu"), not their ids.
  function sectionLabel(docId, section, title) {
    const named = section === "preamble" || section === "closing";
    return `${docId}, ${named ? title || section : `mục ${section}`}`;
  }

  // Absolute viewer URL with the quote: BASE/documents/83-KH-UBND?quote=…#II.5.g
  function viewerUrl(url, quote) {
    if (typeof url !== "string" || !url.startsWith("/documents/")) return null;
    const hash = url.indexOf("#");
    const path = hash === -1 ? url : url.slice(0, hash);
    const fragment = hash === -1 ? "" : url.slice(hash);
    return `${BASE}${path}${quote ? `?quote=${encodeURIComponent(quote)}` : ""}${fragment}`;
  }

  class PlanAssistant extends HTMLElement {
    connectedCallback() {
      // A host rule such as `* { display: none !important }` would hide this element: pin it inline.
      for (const [name, value] of [["display", "block"], ["position", "fixed"], ["z-index", "2147483647"],
        ["visibility", "visible"], ["opacity", "1"]]) {
        this.style.setProperty(name, value, "important");
      }
      if (this.shadowRoot) return;
      this.sessionId = null;
      this.busy = false;
      this.build(this.attachShadow({ mode: "open" }));
    }

    build(shadow) {
      if ("adoptedStyleSheets" in shadow && window.CSSStyleSheet && "replaceSync" in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet(); // not subject to the host page's CSP, unlike a <style> element
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
      } else {
        shadow.append(h("style", {}, CSS));
      }
      this.launcher = h("button", {
        type: "button", class: "launcher", "data-role": "launcher",
        "aria-label": `Mở ${TITLE}`, "aria-expanded": "false", "aria-controls": "panel",
      }, chatIcon());
      this.log = h("div", { class: "log", "data-role": "messages", role: "log", "aria-live": "polite" },
        h("p", { class: "intro" }, "Đặt câu hỏi về Kế hoạch 83/KH-UBND. Mỗi câu trả lời kèm trích dẫn nguyên văn."),
        SUGGESTIONS.map((question) => h("button", { type: "button", class: "suggestion", "data-question": question }, question)));
      this.input = h("input", {
        type: "text", id: "input", class: "input", "data-role": "input", maxlength: "2000",
        autocomplete: "off", enterkeyhint: "send", placeholder: "Nhập câu hỏi…", "aria-describedby": "input-error",
      });
      this.inputError = h("p", { id: "input-error", class: "form-error", "data-role": "input-error", hidden: "" });
      this.send = h("button", { type: "submit", class: "send", "data-role": "send" }, "Gửi");
      this.form = h("form", { class: "form", "data-role": "form" },
        h("label", { for: "input", class: "sr-only" }, "Câu hỏi"), this.input, this.send, this.inputError);
      this.closeButton = h("button", { type: "button", class: "close", "aria-label": "Đóng" }, "×");
      this.panel = h("section", {
        id: "panel", class: "panel", "data-role": "panel", role: "dialog", "aria-labelledby": "title", hidden: "",
      }, h("div", { class: "header" }, h("h2", { id: "title", class: "title" }, TITLE), this.closeButton),
      this.log, this.form);
      // A landmark of its own: the widget's controls are not part of the host page's content.
      shadow.append(h("aside", { class: "root", "aria-label": TITLE }, this.panel, this.launcher));

      this.launcher.addEventListener("click", () => this.toggle(this.panel.hidden));
      this.closeButton.addEventListener("click", () => this.toggle(false));
      this.panel.addEventListener("keydown", (event) => {
        if (event.key === "Escape") this.toggle(false);
      });
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const question = this.input.value.trim();
        if (this.busy) return;
        if (!question) {
          this.showError("Hãy nhập câu hỏi trước khi gửi.");
          this.input.focus();
          return;
        }
        this.input.value = "";
        this.ask(question);
      });
      this.input.addEventListener("input", () => {
        if (this.input.value.trim()) this.showError("");
      });
      this.log.addEventListener("click", (event) => {
        const button = event.target.closest("button[data-question]");
        if (button && !this.busy) this.ask(button.dataset.question);
      });
    }

    showError(message) {
      this.inputError.textContent = message;
      this.inputError.hidden = !message;
      if (message) this.input.setAttribute("aria-invalid", "true");
      else this.input.removeAttribute("aria-invalid");
    }

    toggle(open) {
      this.panel.hidden = !open;
      this.launcher.setAttribute("aria-expanded", String(open));
      this.launcher.setAttribute("aria-label", open ? `Đóng ${TITLE}` : `Mở ${TITLE}`);
      (open ? this.input : this.launcher).focus();
    }

    append(node) {
      this.log.append(node);
      return node;
    }

    scrollTo(node) { // the question at the top of the log: the answer then streams in below it
      this.log.scrollTop = node.offsetTop - 8; // .log is positioned: it is the offsetParent
    }

    async ask(question) {
      this.showError("");
      this.busy = true;
      this.send.disabled = true;
      for (const button of this.log.querySelectorAll(".suggestion")) button.remove();
      const asked = this.append(h("div", { class: "msg question", "data-role": "question" },
        h("p", { class: "who" }, "Bạn hỏi"), h("p", { class: "text" }, question)));
      const text = h("p", { class: "text" });
      const typing = h("p", { class: "typing" }, "Đang soạn câu trả lời…");
      const answer = this.append(h("div", { class: "msg answer", "data-role": "answer", "aria-busy": "true" },
        h("p", { class: "who" }, "Trợ lý"), text, typing));
      this.scrollTo(asked);
      let received = "";
      let meta = null;
      try {
        for await (const { event, data } of postChat(question, this.sessionId)) {
          if (event === "session" && typeof data.session_id === "string") this.sessionId = data.session_id;
          else if (event === "token" && typeof data.text === "string") {
            received += data.text;
            text.textContent = received;
            typing.hidden = true;
          } else if (event === "citations") meta = data;
          else if (event === "error") throw new ApiError(typeof data.detail === "string" ? data.detail : "Máy chủ báo lỗi.");
          else if (event === "done") break;
        }
        if (!meta) throw new ApiError("Câu trả lời bị gián đoạn trước khi hoàn tất. Vui lòng hỏi lại.");
        this.finish(answer, typing, meta);
      } catch (error) {
        const message = error instanceof ApiError ? error.message : "Đã xảy ra lỗi không mong muốn.";
        answer.replaceWith(h("div", { class: "msg error", "data-role": "error" },
          h("p", { class: "who" }, "Không nhận được câu trả lời"),
          received ? h("p", { class: "text" }, received) : null,
          h("p", { class: "text" }, message)));
      } finally {
        this.busy = false;
        this.send.disabled = false;
        this.scrollTo(asked);
      }
    }

    finish(answer, typing, meta) {
      typing.remove();
      answer.removeAttribute("aria-busy");
      if (meta.found === false) {
        answer.classList.add("not-found");
        answer.querySelector(".who").after(h("p", { class: "badge" }, "Không có trong kế hoạch"));
      }
      const groups = citationGroups(meta.citations);
      if (!groups.length) return;
      answer.append(h("div", { class: "sources" },
        h("p", { class: "sources-title" }, "Nguồn trích dẫn"),
        h("ol", {}, groups.map((group) => {
          const quote = group.quotes.join("\n");
          const href = viewerUrl(group.url, quote);
          const label = sectionLabel(group.doc_id, group.section, group.title);
          return h("li", {},
            href ? h("a", { class: "citation", "data-role": "citation", href, target: "_blank", rel: "noopener" },
              label, h("span", { class: "sr-only" }, " (mở trong thẻ mới)"), h("span", { "aria-hidden": "true" }, " ↗"))
              : h("span", {}, label),
            quote ? h("p", { class: "quote" }, quote) : null);
        }))));
    }
  }

  customElements.define("plan-assistant", PlanAssistant);
  const mount = () => document.body.append(document.createElement("plan-assistant"));
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
