// Shared by the page scripts (the widget keeps its own copy: it must stay one self-contained file).
// h("p", {class: "x"}, "text", child): strings become text nodes, so data is never parsed as HTML.
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}
