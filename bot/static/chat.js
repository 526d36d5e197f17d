// Förderlotse web chat: plain JavaScript, no build step. Every text is inserted as text, never
// as HTML; only **bold**, bullet lines and http(s) links are turned into elements.
"use strict";

const STRINGS = {
  de: {
    title: "Förderlotse",
    subtitle: "Förderung, Kompetenzzentren und Praxisbeispiele für die Digitalisierung Ihres Betriebs",
    newConversation: "Neues Gespräch",
    history: "Verlauf",
    typing: "Förderlotse schreibt …",
    inputLabel: "Ihre Nachricht",
    placeholder: "Ihre Frage, z. B. „Förderung für einen Onlineshop in Sachsen?“",
    send: "Senden",
    privacy: "Ihre Nachrichten werden gespeichert, um Ihnen zu antworten und den Dienst zu verbessern. Kontaktdaten nur mit Ihrer Zustimmung.",
    deleteData: "Meine Daten löschen",
    deleted: "Ihre Daten wurden gelöscht. Sie können ein neues Gespräch beginnen.",
    unreachable: "Förderlotse ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es gleich noch einmal.",
    welcome: "Hallo! Ich bin Förderlotse. Fragen Sie mich nach Förderprogrammen, Mittelstand-Digital Zentren oder Praxisbeispielen – oder erzählen Sie mir kurz von Ihrem Betrieb.",
    you: "Sie",
    summary: "Ergebnis als Seite/PDF (drucken)",
    details: "Details",
    fits: "Passt, weil: ",
    apply: "Antrag/Quelle",
    website: "Website",
    source: "Quelle",
    checked: "geprüft am",
    newWindow: "öffnet in neuem Fenster",
    about: "zu",
  },
  en: {
    title: "Förderlotse",
    subtitle: "Funding, competence centres and examples for digitalising your firm",
    newConversation: "New conversation",
    history: "Conversation",
    typing: "Förderlotse is typing …",
    inputLabel: "Your message",
    placeholder: "Your question, e.g. \"Funding for an online shop in Saxony?\"",
    send: "Send",
    privacy: "Your messages are stored to answer you and improve the service. Contact details only with your consent.",
    deleteData: "Delete my data",
    deleted: "Your data has been deleted. You can start a new conversation.",
    unreachable: "Förderlotse cannot be reached right now. Please check your connection and try again in a moment.",
    welcome: "Hello! I am Förderlotse. Ask me about funding programmes, Mittelstand-Digital centres or best-practice examples – or tell me briefly about your firm.",
    you: "You",
    summary: "Result as a page/PDF (print)",
    details: "Details",
    fits: "Fits because: ",
    apply: "Apply/source",
    website: "Website",
    source: "Source",
    checked: "checked on",
    newWindow: "opens in a new window",
    about: "on",
  },
};

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
  return STRINGS[state.lang][key];
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
  const strings = STRINGS[card.language === "en" ? "en" : "de"];
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
    article.append(element("p", "card-fits", strings.fits + card.fits.join("; ")));
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
  const source = element("p", "card-source", strings.source + ": ");
  appendInline(source, card.source_url);
  if (card.source_checked) {
    const [year, month, day] = card.source_checked.split("-");
    const checked = card.language === "en" ? card.source_checked : day + "." + month + "." + year;
    source.append(document.createTextNode(" (" + strings.checked + " " + checked + ")"));
  }
  details.append(source);
  const actions = element("div", "card-actions");
  const toggle = element("button", "card-toggle", strings.details);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", details.id);
  toggle.append(element("span", "visually-hidden", " " + strings.about + " " + card.title));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    details.hidden = !open;
  });
  actions.append(toggle);
  const target = card.apply_url || card.source_url;
  if (target && /^https?:\/\//.test(target)) {
    const kindLabel = card.kind === "programme" ? strings.apply : card.kind === "centre" ? strings.website : strings.source;
    const link = element("a", "card-link", kindLabel);
    link.href = target;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.append(element("span", "visually-hidden", " " + strings.about + " " + card.title + " (" + strings.newWindow + ")"));
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
    label.textContent = t("you") + ": ";
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
    updateSummaryLink();
    for (const reply of body.messages || []) {
      add({ from: "bot", text: reply.text, buttons: reply.buttons || [], card: reply.card || null });
    }
    if (!response.ok && !(body.messages || []).length) {
      showError((body.error && body.error.message) || t("unreachable"));
    }
  } catch (error) {
    showError(t("unreachable"));
  } finally {
    setBusy(false);
    document.getElementById("input").focus();
  }
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
  add({ from: "bot", text: notice || t("welcome"), buttons: [] });
}

function setup() {
  applyLanguage();
  if (state.history.length) {
    state.history.forEach(render);
    updateSummaryLink();
  } else {
    add({ from: "bot", text: t("welcome"), buttons: [] });
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
      state.lang = button.dataset.lang;
      localStorage.setItem(KEYS.lang, state.lang);
      applyLanguage();
      updateSummaryLink();
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
      startOver(t("deleted"));
    } catch (error) {
      showError(t("unreachable"));
    }
  });
  document.getElementById("input").focus();
}

document.addEventListener("DOMContentLoaded", setup);
