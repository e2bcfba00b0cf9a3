// Debounced search box with keyboard navigation; written for the token-count corpus.
'use strict';

const DEBOUNCE_MS = 120;

export function debounce(fn, wait = DEBOUNCE_MS) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

export class SearchBox {
  #input;
  #list;
  #items = [];
  #selected = -1;

  constructor(input, list, items) {
    this.#input = input;
    this.#list = list;
    this.#items = items.map((name) => ({ name, key: name.toLowerCase() }));
    input.addEventListener('input', debounce(() => this.render()));
    input.addEventListener('keydown', (e) => this.#onKey(e));
  }

  matches() {
    const q = this.#input.value.trim().toLowerCase();
    return q === '' ? this.#items : this.#items.filter((it) => it.key.includes(q));
  }

  render() {
    const found = this.matches();
    this.#selected = Math.min(this.#selected, found.length - 1);
    this.#list.replaceChildren(
      ...found.map((it, i) => {
        const li = document.createElement('li');
        li.textContent = it.name;
        li.ariaSelected = String(i === this.#selected);
        return li;
      }),
    );
  }

  #onKey(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const count = this.matches().length;
    this.#selected = (this.#selected + moves[event.key] + count) % Math.max(count, 1);
    this.render();
  }
}
