/* Hechtbot web chat: plain JavaScript, no build step.
 *
 * Talks to Rasa's socket.io channel (bot/webchat/channel.py):
 *   -> session_request {session_id}      <- session_confirm "id"
 *   -> user_uttered {message, session_id}
 *   <- bot_uttered {text, quick_replies?} or {topic, sources: [...]} (about the answer before it)
 *   -> user_uttered {message: '/feedback{"helpful": "ja"|"nee", "topic": "<intent>", "reason"?: "..."}'}
 *      "Had je hier iets aan?" under a topic answer: sent like a button, never shown as the user's
 *      message; the block then becomes a short thank-you and cannot be sent again.
 *   -> forget_session                     <- session_forgotten  (the server deletes the conversation)
 * The server issues and signs the id; it is kept in sessionStorage, so it ends with the tab.
 *
 * Safety rules (docs/webchat.md):
 *   - every message is put on the page with textContent, never as HTML;
 *   - a link is shown only when its address is in /sources.json (the curated sources);
 *   - "Snel weg" empties the page and this site's browser storage, asks the server to
 *     delete the conversation, then leaves.
 */
(function () {
  "use strict";

  var EXIT_URL = "https://www.google.nl/";
  var KEYS = { session: "hechtbot.session_id", messages: "hechtbot.messages" };
  var MAX_MESSAGES = 300;
  var MAX_REASON_CHARS = 300;
  var TOPIC_PATTERN = /^[A-Za-z0-9_]{1,100}$/;
  var ANSWER_TIMEOUT_MS = 30000;
  var TEXT = {
    botLabel: "Hechtbot: ",
    userLabel: "Jij: ",
    welcome: "Hallo! Stel hieronder je vraag over hechting. Of kies een onderwerp.",
    quickRepliesLabel: "Kies een antwoord",
    sourcesLabel: "Bronnen",
    connecting: "Verbinding maken met Hechtbot …",
    reconnected: "Weer verbonden met Hechtbot.",
    offline: "Geen verbinding met Hechtbot. Ik probeer het opnieuw …",
    noAnswer: "Hechtbot geeft geen antwoord. Probeer het later opnieuw. Is er direct gevaar? Bel 112.",
    unavailable: "Hechtbot is nu niet bereikbaar. Probeer het later opnieuw. Is er direct gevaar? Bel 112.",
    newConversation: "Je bent een nieuw gesprek begonnen.",
    feedbackQuestion: "Had je hier iets aan?",
    feedbackYes: "Ja",
    feedbackNo: "Nee",
    feedbackReasonLabel: "Wat miste je? (mag je overslaan)",
    feedbackSend: "Versturen",
    feedbackSkip: "Overslaan",
    feedbackThanks: "Dank je voor je reactie.",
  };

  var el = {
    messages: document.getElementById("messages"),
    form: document.getElementById("composer"),
    input: document.getElementById("message-input"),
    typing: document.getElementById("typing"),
    status: document.getElementById("status"),
    newConversation: document.getElementById("new-conversation"),
    quickExit: document.getElementById("quick-exit"),
  };

  var socket = null;
  var sessionId = null;
  var sessionConfirmed = false;
  var pending = []; // messages typed before the session was confirmed
  var history = []; // what the page shows, kept in sessionStorage for a reload
  var nodes = new WeakMap(); // history entry -> its element on the page
  var starters = [];
  var allowedUrls = new Set();
  var answerTimer = null;
  var wasOffline = false;
  var feedbackCount = 0; // for unique element ids

  /* ---- Snel weg: first, so it works even when everything else fails ---- */

  function quickExit() {
    try { el.messages.replaceChildren(); } catch (e) { /* leave anyway */ }
    history = [];
    pending = [];
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be off */ }
    try { window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    // Ask the server to delete the conversation too; leave at once all the same.
    try { if (socket && socket.connected) { socket.emit("forget_session", {}); } } catch (e) { /* leave anyway */ }
    window.setTimeout(function () {
      try { if (socket) { socket.disconnect(); } } catch (e) { /* leave anyway */ }
      window.location.replace(EXIT_URL);
    }, socket && socket.connected ? 150 : 0);
  }
  el.quickExit.addEventListener("click", quickExit);

  /* ---- storage (may be unavailable: then the chat still works, without memory) ---- */

  function storageGet(area, key) {
    try { return window[area].getItem(key); } catch (e) { return null; }
  }
  function storageSet(area, key, value) {
    try { window[area].setItem(key, value); } catch (e) { /* full or off */ }
  }
  function storageRemove(area, key) {
    try { window[area].removeItem(key); } catch (e) { /* off */ }
  }
  function saveHistory() {
    if (history.length > MAX_MESSAGES) { history = history.slice(-MAX_MESSAGES); }
    storageSet("sessionStorage", KEYS.messages, JSON.stringify(history));
  }
  function loadHistory() {
    try {
      var data = JSON.parse(storageGet("sessionStorage", KEYS.messages) || "[]");
      return Array.isArray(data) ? data.filter(isValidEntry) : [];
    } catch (e) {
      return [];
    }
  }
  function isValidEntry(entry) {
    return entry && (entry.from === "bot" || entry.from === "user") && typeof entry.text === "string";
  }
  function cleanFeedback(feedback) {
    if (!feedback || typeof feedback.topic !== "string" || !TOPIC_PATTERN.test(feedback.topic)) { return null; }
    return { topic: feedback.topic, sent: feedback.sent === true };
  }

  /* ---- reading what the bot sends ---- */

  function cleanQuickReplies(list) {
    if (!Array.isArray(list)) { return []; }
    return list.filter(function (item) {
      return item && typeof item.title === "string" && item.title.trim() !== "" &&
        typeof item.payload === "string" && item.payload.trim() !== "";
    }).map(function (item) {
      return { title: item.title, payload: item.payload };
    });
  }

  function cleanSources(list) {
    if (!Array.isArray(list)) { return []; }
    return list.filter(function (item) {
      return item && typeof item.url === "string" && allowedUrls.has(item.url) &&
        /^https:\/\//.test(item.url);
    }).map(function (item) {
      return {
        url: item.url,
        organisation: typeof item.organisation === "string" ? item.organisation : "",
        title: typeof item.title === "string" ? item.title : item.url,
      };
    });
  }

  /* ---- drawing messages (text only: textContent, never HTML) ---- */

  function visuallyHidden(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  function renderSources(sources) {
    var box = document.createElement("div");
    box.className = "sources";
    var label = document.createElement("p");
    label.className = "sources__label";
    label.textContent = TEXT.sourcesLabel;
    var list = document.createElement("ul");
    list.className = "sources__list";
    sources.forEach(function (source) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = source.url;
      link.rel = "noopener noreferrer";
      link.referrerPolicy = "no-referrer";
      link.textContent = source.organisation ? source.organisation + ": " + source.title : source.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(label);
    box.appendChild(list);
    return box;
  }

  function renderQuickReplies(replies) {
    var group = document.createElement("div");
    group.className = "quick-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", TEXT.quickRepliesLabel);
    replies.forEach(function (reply) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.textContent = reply.title;
      button.addEventListener("click", function () {
        sendMessage(reply.payload, reply.title);
      });
      group.appendChild(button);
    });
    return group;
  }

  /* ---- "Had je hier iets aan?" under a topic answer ---- */

  function feedbackButton(text, className, type) {
    var button = document.createElement("button");
    button.type = type || "button";
    button.className = "button " + className;
    button.textContent = text;
    return button;
  }

  function renderFeedbackDone() {
    var done = document.createElement("p");
    done.className = "feedback feedback--done";
    done.textContent = TEXT.feedbackThanks;
    return done;
  }

  function renderFeedback(entry) {
    if (entry.feedback.sent) { return renderFeedbackDone(); }
    var id = "feedback-" + (++feedbackCount);
    var group = document.createElement("div");
    group.className = "feedback";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", id + "-question");
    var question = document.createElement("p");
    question.className = "feedback__question";
    question.id = id + "-question";
    question.textContent = TEXT.feedbackQuestion;
    var choices = document.createElement("div");
    choices.className = "feedback__buttons";
    var yes = feedbackButton(TEXT.feedbackYes, "button--secondary feedback__choice");
    var no = feedbackButton(TEXT.feedbackNo, "button--secondary feedback__choice");
    yes.addEventListener("click", function () {
      sendFeedback(entry, { helpful: "ja", topic: entry.feedback.topic });
    });
    no.addEventListener("click", function () {
      choices.replaceWith(renderFeedbackReason(entry, id));
      group.querySelector(".feedback__input").focus();
    });
    choices.appendChild(yes);
    choices.appendChild(no);
    group.appendChild(question);
    group.appendChild(choices);
    return group;
  }

  // After "Nee": an optional reason, in place of the two buttons.
  function renderFeedbackReason(entry, id) {
    var form = document.createElement("form");
    form.className = "feedback__form";
    form.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.className = "feedback__label";
    label.htmlFor = id + "-reason";
    label.textContent = TEXT.feedbackReasonLabel;
    var input = document.createElement("input");
    input.type = "text";
    input.id = id + "-reason";
    input.className = "feedback__input";
    input.maxLength = MAX_REASON_CHARS;
    input.setAttribute("enterkeyhint", "send");
    input.spellcheck = true;
    var row = document.createElement("div");
    row.className = "feedback__buttons";
    var submit = feedbackButton(TEXT.feedbackSend, "button--primary", "submit");
    var skip = feedbackButton(TEXT.feedbackSkip, "button--secondary");
    function send(withReason) {
      var data = { helpful: "nee", topic: entry.feedback.topic };
      var reason = withReason ? input.value.slice(0, MAX_REASON_CHARS).trim() : "";
      if (reason) { data.reason = reason; }
      sendFeedback(entry, data);
    }
    form.addEventListener("submit", function (event) { // also Enter in the field
      event.preventDefault();
      send(true);
    });
    skip.addEventListener("click", function () { send(false); });
    row.appendChild(submit);
    row.appendChild(skip);
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(row);
    return form;
  }

  function renderEntry(entry) {
    var item = document.createElement("div");
    item.className = "msg msg--" + entry.from;
    var bubble = document.createElement("p");
    bubble.className = "msg__bubble";
    bubble.appendChild(visuallyHidden(entry.from === "bot" ? TEXT.botLabel : TEXT.userLabel));
    var text = document.createElement("span");
    text.className = "msg__text";
    text.textContent = entry.text;
    bubble.appendChild(text);
    item.appendChild(bubble);
    if (entry.sources && entry.sources.length) { item.appendChild(renderSources(entry.sources)); }
    if (entry.feedback) { item.appendChild(renderFeedback(entry)); }
    if (entry.quickReplies && entry.quickReplies.length) {
      item.appendChild(renderQuickReplies(entry.quickReplies));
    }
    return item;
  }

  function showEntry(entry) {
    var node = renderEntry(entry);
    el.messages.appendChild(node);
    nodes.set(entry, node);
    return node;
  }

  function scrollTo(node, block) {
    if (!node) { return; }
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    node.scrollIntoView({ block: block, behavior: reduce ? "auto" : "smooth" });
  }

  // A reply is read from its start: the question it answers goes to the top of the screen.
  function scrollToLastQuestion() {
    var questions = el.messages.querySelectorAll(".msg--user");
    scrollTo(questions.length ? questions[questions.length - 1] : el.messages.lastElementChild, "start");
  }

  function addEntry(entry) {
    history.push(entry);
    var node = showEntry(entry);
    saveHistory();
    return node;
  }

  function clearQuickReplies() {
    history.forEach(function (entry) {
      if (entry.quickReplies) { delete entry.quickReplies; }
    });
    Array.prototype.forEach.call(el.messages.querySelectorAll(".quick-replies"), function (group) {
      group.remove();
    });
  }

  function lastAnswer() {
    for (var i = history.length - 1; i >= 0; i--) {
      if (history[i].from === "bot" && !history[i].local) { return history[i]; }
    }
    return null;
  }

  function addSourcesToLastAnswer(sources) {
    var entry = lastAnswer();
    if (!entry) { return; }
    entry.sources = (entry.sources || []).concat(sources);
    var node = nodes.get(entry);
    if (node) {
      var old = node.querySelector(".sources");
      var box = renderSources(entry.sources);
      if (old) { old.replaceWith(box); } else { node.insertBefore(box, node.querySelector(".feedback, .quick-replies")); }
    }
    saveHistory();
  }

  // Only the newest answer asks for a rating: unused blocks under older answers go.
  function clearOpenFeedback() {
    history.forEach(function (entry) {
      if (entry.feedback && !entry.feedback.sent) {
        delete entry.feedback;
        var node = nodes.get(entry);
        var block = node && node.querySelector(".feedback");
        if (block) { block.remove(); }
      }
    });
  }

  function askFeedbackOnLastAnswer(topic) {
    var entry = lastAnswer();
    if (!entry || entry.feedback) { return; }
    clearOpenFeedback();
    entry.feedback = { topic: topic, sent: false };
    var node = nodes.get(entry);
    if (node) { node.insertBefore(renderFeedback(entry), node.querySelector(".quick-replies")); }
    saveHistory();
  }

  // Sent like a button, but not shown as the user's message: the block becomes a thank-you.
  function sendFeedback(entry, data) {
    if (!entry.feedback || entry.feedback.sent) { return; } // never twice
    entry.feedback.sent = true;
    var node = nodes.get(entry);
    var block = node && node.querySelector(".feedback");
    if (block) { block.replaceWith(renderFeedbackDone()); }
    saveHistory();
    emitMessage("/feedback" + JSON.stringify(data));
  }

  function addWelcome() {
    addEntry({ from: "bot", local: true, text: TEXT.welcome, quickReplies: starters.slice() });
  }

  /* ---- typing indicator and status line ---- */

  function showTyping() {
    el.typing.hidden = false;
    window.clearTimeout(answerTimer);
    answerTimer = window.setTimeout(function () {
      hideTyping();
      setStatus(TEXT.noAnswer);
    }, ANSWER_TIMEOUT_MS);
  }
  function hideTyping() {
    el.typing.hidden = true;
    window.clearTimeout(answerTimer);
  }
  function setStatus(text) {
    el.status.textContent = text;
  }

  /* ---- talking to Rasa ---- */

  function emitMessage(payload) {
    clearQuickReplies();
    scrollTo(el.form, "nearest");
    showTyping();
    if (socket && sessionConfirmed && socket.connected) {
      socket.emit("user_uttered", { message: payload, session_id: sessionId });
    } else {
      pending.push(payload);
    }
    el.input.focus();
  }

  function sendMessage(payload, shown) {
    if (typeof payload !== "string" || payload.trim() === "") { return; }
    addEntry({ from: "user", text: shown });
    emitMessage(payload);
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") { return; }
    var custom = (Array.isArray(data.sources) || typeof data.topic === "string") ? data
      : (data.data && typeof data.data === "object" ? data.data : {});
    if (Array.isArray(custom.sources)) {
      var allowed = cleanSources(custom.sources);
      if (allowed.length) { addSourcesToLastAnswer(allowed); }
    }
    if (typeof custom.topic === "string" && TOPIC_PATTERN.test(custom.topic) && custom.topic !== "feedback") {
      askFeedbackOnLastAnswer(custom.topic);
    }
    var text = typeof data.text === "string" ? data.text : "";
    var replies = cleanQuickReplies(data.quick_replies || data.buttons);
    if (!text && !replies.length) { return; }
    hideTyping();
    setStatus("");
    addEntry({ from: "bot", text: text, quickReplies: replies });
    scrollToLastQuestion();
  }

  function requestSession() {
    sessionConfirmed = false;
    // The id lives in sessionStorage: a shared computer's next visitor starts afresh.
    socket.emit("session_request", { session_id: storageGet("sessionStorage", KEYS.session) });
  }

  function onSessionConfirm(id) {
    if (typeof id !== "string" || id === "") { return; }
    sessionId = id;
    sessionConfirmed = true;
    storageSet("sessionStorage", KEYS.session, id);
    var queue = pending;
    pending = [];
    queue.forEach(function (message) {
      socket.emit("user_uttered", { message: message, session_id: sessionId });
    });
  }

  // What /config.json allows, else websocket only: one connection stays with one Rasa
  // worker process (docs/deploy.md), where long-polling requests could be spread over several.
  function socketTransports(names) {
    var known = ["websocket", "polling"];
    if (!Array.isArray(names) || names.length === 0) { return ["websocket"]; }
    var chosen = names.filter(function (name) { return known.indexOf(name) !== -1; });
    return chosen.length === names.length ? chosen : ["websocket"];
  }

  function connect(config) {
    if (typeof window.io !== "function") {
      setStatus(TEXT.unavailable);
      return;
    }
    setStatus(TEXT.connecting);
    socket = window.io(config.rasa_url, {
      path: config.socket_path || "/socket.io/",
      transports: socketTransports(config.transports),
      withCredentials: false,
      reconnectionDelayMax: 10000,
    });
    socket.on("connect", function () {
      setStatus(wasOffline ? TEXT.reconnected : "");
      wasOffline = false;
      requestSession();
    });
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () { sessionConfirmed = false; });
    socket.on("connect_error", function () {
      wasOffline = true;
      hideTyping();
      setStatus(TEXT.offline);
    });
  }

  function newConversation() {
    history = [];
    pending = [];
    el.messages.replaceChildren();
    storageRemove("sessionStorage", KEYS.messages);
    storageRemove("sessionStorage", KEYS.session);
    storageRemove("localStorage", KEYS.session); // from older versions of this page
    sessionId = null;
    hideTyping();
    if (socket) {
      // The server deletes the old conversation; a new socket gets a new one.
      if (socket.connected) { socket.emit("forget_session", {}); }
      socket.disconnect();
      socket.connect();
    }
    addWelcome();
    setStatus(TEXT.newConversation);
    el.input.focus();
  }

  /* ---- start ---- */

  function getJson(path) {
    return window.fetch(path, { credentials: "omit", cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error(path + ": " + response.status); }
      return response.json();
    });
  }

  el.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = el.input.value;
    if (text.trim() === "") { el.input.focus(); return; }
    el.input.value = "";
    sendMessage(text, text);
  });
  el.newConversation.addEventListener("click", newConversation);

  Promise.all([getJson("/config.json"), getJson("/sources.json")]).then(function (results) {
    var config = results[0];
    starters = cleanQuickReplies(config.starters);
    (results[1].sources || []).forEach(function (source) {
      if (source && typeof source.url === "string") { allowedUrls.add(source.url); }
    });
    history = loadHistory();
    history.forEach(function (entry) {
      if (entry.sources) { entry.sources = cleanSources(entry.sources); }
      if (entry.quickReplies) { entry.quickReplies = cleanQuickReplies(entry.quickReplies); }
      if (entry.feedback) { entry.feedback = cleanFeedback(entry.feedback); }
      if (!entry.feedback) { delete entry.feedback; }
      showEntry(entry);
    });
    if (history.length) { scrollToLastQuestion(); } else { addWelcome(); }
    connect(config);
  }).catch(function () {
    setStatus(TEXT.unavailable);
  });
}());
