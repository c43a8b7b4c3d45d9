// The task table and the agency briefs, enhanced: the table sorts by any column (the server renders it
// in document order, which works without JavaScript), and each brief paragraph gets a copy button.
// Texts come from the page itself and are moved as nodes or set with textContent, never parsed as HTML.

import { h } from "./dom.js";

const COLLATOR = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
const DIRECTION_LABEL = { ascending: "tăng dần", descending: "giảm dần" };


// -- sorting ---------------------------------------------------------------------------------------
// A cell sorts by its data-sort-value when it has one (document order, years, status), else by its text.
function sortValue(row, column) {
  const cell = row.cells[column];
  return cell.dataset.sortValue ?? cell.textContent.trim();
}

function compare(type, a, b) {
  return type === "number" ? Number(a) - Number(b) : COLLATOR.compare(a, b);
}

function sortRows(table, column, direction) {
  const header = table.tHead.rows[0].cells[column];
  const type = header.dataset.sort;
  const body = table.tBodies[0];
  const sign = direction === "descending" ? -1 : 1;
  const rows = [...body.rows].map((row, index) => ({ row, index, value: sortValue(row, column) }));
  rows.sort((x, y) => sign * compare(type, x.value, y.value) || x.index - y.index);
  body.append(...rows.map(({ row }) => row));
  for (const cell of table.tHead.rows[0].cells) {
    if (cell === header) cell.setAttribute("aria-sort", direction);
    else cell.removeAttribute("aria-sort");
  }
}

// Each sortable header's text moves into a button; a click (or Enter / Space) sorts ascending, again descending.
function makeSortable(table, status) {
  const headers = [...table.tHead.rows[0].cells];
  headers.forEach((header, column) => {
    if (!header.dataset.sort) return;
    const label = header.textContent.trim();
    const button = h("button", { type: "button", class: "sort-button" }, ...header.childNodes);
    header.replaceChildren(button);
    button.addEventListener("click", () => {
      const direction = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      sortRows(table, column, direction);
      status.textContent = `Đã sắp xếp theo ${label}, ${DIRECTION_LABEL[direction]}.`;
    });
  });
  table.classList.add("tasks--sortable");
}

// -- copying a brief paragraph ---------------------------------------------------------------------
function addCopyButton(paragraph) {
  const status = h("span", { class: "copy__status", role: "status" });
  const button = h("button", { type: "button", class: "button button--small" }, "Sao chép đoạn văn");
  button.setAttribute("aria-describedby", `${paragraph.id}-label`);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(paragraph.textContent.trim());
      status.textContent = "Đã sao chép.";
    } catch {
      status.textContent = "Không sao chép được; hãy bôi đen đoạn văn rồi sao chép.";
    }
  });
  paragraph.after(h("div", { class: "copy" }, button, status));
}

// -- start -----------------------------------------------------------------------------------------
const table = document.getElementById("tasks-table");
const sortStatus = document.getElementById("sort-status");
if (table && sortStatus) makeSortable(table, sortStatus);

if (navigator.clipboard && window.isSecureContext) {
  for (const paragraph of document.querySelectorAll("[data-copyable][id]")) addCopyButton(paragraph);
}
