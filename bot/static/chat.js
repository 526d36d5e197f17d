// Förderlotse web chat: plain JavaScript, no build step. Every text is inserted as text, never
// as HTML; only **bold**, bullet lines and http(s) links are turned into elements.
"use strict";

// The page's labels per language, from the message catalogue (messages/catalogue.yaml),
// embedded by the server in index.html. The page shows the language the bot speaks.
const LABELS = JSON.parse(document.getElementById("labels").textContent);

const KEYS = { sender: "foerderlotse.sender", lang: "foerderlotse.lang", history: "foerderlotse.history" };

const browserLanguage = (navigator.language || "de").toLowerCase().startsWith("en") ? "en" : "de";
// The sender id is issued by the server with the first answer and kept for the conversation.
const state = {
  sender: localStorage.getItem(KEYS.sender),
  lang: localStorage.getItem(KEYS.lang) || browserLanguage,
  history: JSON.parse(localStorage.getItem(KEYS.history) || "[]"),
  busy: false,
};

function keepSender(id) {
  state.sender = id || null;
  if (state.sender) {
    localStorage.setItem(KEYS.sender, state.sender);
  } else {
    localStorage.removeItem(KEYS.sender);
  }
}

async function postChat(message) {
  const body = { message: message, language: state.lang };
  if (state.sender) body.sender_id = state.sender;
  return fetch("/api/chat", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": state.lang },
    body: JSON.stringify(body),
  });
}

function t(key) {
  return LABELS[state.lang][key];
}

function save() {
  localStorage.setItem(KEYS.history, JSON.stringify(state.history.slice(-200)));
}

// Inline formatting of one line: **bold** and http(s) links; everything else stays text.
function appendInline(parent, line) {
  const pattern = /\*\*([^*]+)\*\*|(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    parent.append(document.createTextNode(line.slice(last, match.index)));
    if (match[1] !== undefined) {
      const strong = document.createElement("strong");
      strong.textContent = match[1];
      parent.append(strong);
    } else {
      const link = document.createElement("a");
      link.href = match[2];
      link.textContent = match[2];
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.append(link);
    }
    last = match.index + match[0].length;
  }
  parent.append(document.createTextNode(line.slice(last)));
}

function formatText(text) {
  const fragment = document.createDocumentFragment();
  let list = null;
  for (const line of text.split("\n")) {
    const bullet = line.match(/^\s*[•\-]\s+(.*)$/);
    if (bullet) {
      if (!list) {
        list = document.createElement("ul");
        fragment.append(list);
      }
      const item = document.createElement("li");
      appendInline(item, bullet[1]);
      list.append(item);
      continue;
    }
    list = null;
    if (line.trim() === "") continue;
    const paragraph = document.createElement("p");
    appendInline(paragraph, line);
    fragment.append(paragraph);
  }
  return fragment;
}

let cardCount = 0;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// A result card (see actions/cards.py): the facts to compare at a glance, the rest behind a
// "Details" disclosure, and a link to apply or to the source. Texts in the card's language.
function renderCard(card) {
  const strings = LABELS[card.language === "en" ? "en" : "de"];
  const id = "card-" + ++cardCount;
  const article = element("article", "card card-" + card.kind);
  article.setAttribute("aria-labelledby", id + "-title");
  const title = element("h2", "card-title", card.title);
  title.id = id + "-title";
  article.append(title);
  if (card.subtitle) article.append(element("p", "card-subtitle", card.subtitle));
  const terms = [card.funding_kind, card.rate, card.maximum].filter(Boolean);
  if (terms.length) article.append(element("p", "card-terms", terms.join(" · ")));
  if (card.summary) article.append(element("p", "card-summary", card.summary));
  if (card.status) article.append(element("p", "card-status status-" + card.status.code, card.status.label));
  if (card.freshness) article.append(element("p", "card-freshness", card.freshness));
  if (card.fits && card.fits.length) {
    article.append(element("p", "card-fits", strings["label.fits"] + ": " + card.fits.join("; ")));
  }
  const details = element("div", "card-details");
  details.id = id + "-details";
  details.hidden = true;
  if (card.details && card.details.length) {
    const list = element("dl");
    for (const detail of card.details) {
      list.append(element("dt", null, detail.label), element("dd", null, detail.text));
    }
    details.append(list);
  }
  const source = element("p", "card-source", strings["label.source"] + ": ");
  appendInline(source, card.source_url);
  if (card.source_checked) {
    const [year, month, day] = card.source_checked.split("-");
    const checked = card.language === "en" ? card.source_checked : day + "." + month + "." + year;
    source.append(document.createTextNode(" (" + strings["label.checked"] + " " + checked + ")"));
  }
  details.append(source);
  const actions = element("div", "card-actions");
  const toggle = element("button", "card-toggle", strings["card.details"]);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", details.id);
  toggle.append(element("span", "visually-hidden", " " + strings["page.about"] + " " + card.title));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    details.hidden = !open;
  });
  actions.append(toggle);
  const target = card.apply_url || card.source_url;
  if (target && /^https?:\/\//.test(target)) {
    const kindLabel = strings["card.link_" + (card.kind === "programme" || card.kind === "centre" ? card.kind : "case")];
    const link = element("a", "card-link", kindLabel);
    link.href = target;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.append(element("span", "visually-hidden", " " + strings["page.about"] + " " + card.title + " (" + strings["page.new_window"] + ")"));
    actions.append(link);
  }
  article.append(actions, details);
  return article;
}

function render(message) {
  const box = document.getElementById("messages");
  const item = document.createElement("div");
  item.className = "message " + message.from;
  if (message.from === "user") {
    const label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = t("page.you") + ": ";
    item.append(label, document.createTextNode(message.text));
  } else if (message.card) {
    item.classList.add("has-card");
    item.append(renderCard(message.card));
  } else {
    item.append(formatText(message.text || ""));
  }
  if (message.buttons && message.buttons.length) {
    const row = document.createElement("div");
    row.className = "buttons";
    for (const choice of message.buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.title;
      button.addEventListener("click", () => send(choice.payload, choice.title));
      row.append(button);
    }
    item.append(row);
  }
  box.append(item);
  box.scrollTop = box.scrollHeight;
}

function add(message) {
  state.history.push(message);
  save();
  render(message);
  updateSummaryLink();
}

// The take-away page (GET /summary/<sender id>) is offered once a result card was shown.
function updateSummaryLink() {
  const link = document.getElementById("summary-link");
  const hasResult = state.history.some((message) => message.card);
  link.hidden = !(state.sender && hasResult);
  if (state.sender) link.href = "/summary/" + encodeURIComponent(state.sender) + "?lang=" + state.lang;
}

function showError(text) {
  const error = document.getElementById("error");
  error.textContent = text || "";
  error.hidden = !text;
}

function setBusy(busy) {
  state.busy = busy;
  document.getElementById("typing").hidden = !busy;
  document.getElementById("send").disabled = busy;
}

async function send(message, display) {
  if (state.busy || !message.trim()) return;
  showError("");
  add({ from: "user", text: display || message });
  setBusy(true);
  try {
    let response = await postChat(message);
    let body = await response.json().catch(() => ({}));
    const code = body.error && body.error.code;
    if (state.sender && (code === "unknown_sender" || code === "sender_erased")) {
      // An id from before server-issued ids, or an erased conversation: start a new one.
      keepSender(null);
      response = await postChat(message);
      body = await response.json().catch(() => ({}));
    }
    if (body.sender_id) keepSender(body.sender_id);
    if (body.language) setLanguage(body.language);
    updateSummaryLink();
    for (const reply of body.messages || []) {
      add({ from: "bot", text: reply.text, buttons: reply.buttons || [], card: reply.card || null });
    }
    if (!response.ok && !(body.messages || []).length) {
      showError((body.error && body.error.message) || t("page.unreachable"));
    }
  } catch (error) {
    showError(t("page.unreachable"));
  } finally {
    setBusy(false);
    document.getElementById("input").focus();
  }
}

// The conversation's language: the bot's, as the server reports it with every answer.
function setLanguage(lang) {
  if (lang === state.lang || !LABELS[lang]) return;
  state.lang = lang;
  localStorage.setItem(KEYS.lang, state.lang);
  applyLanguage();
  updateSummaryLink();
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
  for (const button of document.querySelectorAll(".lang")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
  }
}

function startOver(notice) {
  keepSender(null);
  state.history = [];
  save();
  document.getElementById("messages").replaceChildren();
  showError("");
  add({ from: "bot", text: notice || t("page.welcome"), buttons: [] });
}

function setup() {
  applyLanguage();
  if (state.history.length) {
    state.history.forEach(render);
    updateSummaryLink();
  } else {
    add({ from: "bot", text: t("page.welcome"), buttons: [] });
  }
  document.getElementById("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("input");
    const text = input.value;
    input.value = "";
    send(text);
  });
  for (const button of document.querySelectorAll(".lang")) {
    button.addEventListener("click", () => {
      if (button.dataset.lang === state.lang) return;
      setLanguage(button.dataset.lang);
      send('/switch_language{"language":"' + state.lang + '"}', button.textContent);
    });
  }
  document.getElementById("new-conversation").addEventListener("click", () => startOver());
  document.getElementById("delete-data").addEventListener("click", async () => {
    try {
      if (state.sender) {
        const response = await fetch("/api/delete", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Accept-Language": state.lang },
          body: JSON.stringify({ sender_id: state.sender }),
        });
        // 403: an id the server never issued, so nothing of it is stored there.
        if (!response.ok && response.status !== 403) throw new Error(String(response.status));
      }
      startOver(t("page.deleted"));
    } catch (error) {
      showError(t("page.unreachable"));
    }
  });
  document.getElementById("input").focus();
}

document.addEventListener("DOMContentLoaded", setup);
