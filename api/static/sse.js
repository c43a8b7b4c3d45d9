// POST a question and read the answer as Server-Sent Events (EventSource cannot POST).
// postEvents(url, payload) yields {event, data} with `data` parsed from JSON; every failure is thrown
// as an ApiError whose message is a readable Vietnamese sentence.

const NETWORK_ERROR = "Không kết nối được máy chủ. Hãy kiểm tra kết nối mạng rồi thử lại.";
const STATUS_MESSAGES = {
  413: "Câu hỏi quá dài, máy chủ không nhận. Hãy rút gọn câu hỏi.",
  422: "Câu hỏi không hợp lệ.",
  429: "Bạn đã gửi quá nhiều câu hỏi trong thời gian ngắn. Vui lòng đợi một lát rồi thử lại.",
};

export class ApiError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

async function errorFromResponse(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = typeof body.detail === "string" ? body.detail : "";
  } catch {
    // not JSON: fall back to a message for the status
  }
  const fallback = STATUS_MESSAGES[response.status]
    || (response.status >= 500 ? "Máy chủ đang gặp sự cố. Vui lòng thử lại sau."
      : `Yêu cầu không thành công (mã ${response.status}).`);
  return new ApiError(detail || fallback, response.status);
}

// Raw events of an SSE byte stream: {event, data} with data lines joined by "\n"; comments skipped.
export async function* parseEventStream(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A chunk ending in "\r" may be the first half of "\r\n": keep it until the next chunk.
      const hold = !done && buffer.endsWith("\r");
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
      if (done) return; // an unterminated last event is dropped, as the SSE spec says
    }
  } finally {
    reader.cancel().catch(() => {}); // stops the download when the reader leaves early
  }
}

export async function* postEvents(url, payload, { signal } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(payload),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(NETWORK_ERROR);
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (!response.body) throw new ApiError("Trình duyệt không hỗ trợ nhận câu trả lời dạng luồng.");
  try {
    for await (const { event, data } of parseEventStream(response.body)) {
      let parsed;
      try {
        parsed = JSON.parse(data);
      } catch {
        throw new ApiError("Máy chủ trả về dữ liệu không đọc được.");
      }
      yield { event, data: parsed };
    }
  } catch (error) {
    if (error instanceof ApiError || error.name === "AbortError") throw error;
    throw new ApiError("Kết nối bị gián đoạn trong khi nhận câu trả lời.");
  }
}
