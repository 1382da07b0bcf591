/*
 * dom.js - building elements.  Text from articles and from the server
 * only ever reaches the page through textContent / createTextNode, never
 * innerHTML, so an article holding "<script>" shows those characters.
 */

export const $ = (id) => document.getElementById(id);

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/* Text of unknown direction (a Latin source name, an English error)
 * isolated from its neighbours, so it never reorders them. */
export function bdi(text, cls, dir) {
  const b = el('bdi', cls, text);
  if (dir) b.dir = dir;
  return b;
}

/* Parts [{text, mark}] -> text nodes and <mark> elements in node. */
export function appendParts(node, parts) {
  for (const part of parts || []) {
    if (part.mark) node.appendChild(el('mark', null, part.text));
    else node.appendChild(document.createTextNode(part.text));
  }
  return node;
}

/* Items joined by a separator the tests and styles can tell apart. */
export function appendJoined(node, items, sep) {
  items.forEach((item, i) => {
    if (i > 0) node.appendChild(el('span', 'sep', sep));
    node.appendChild(item);
  });
  return node;
}
