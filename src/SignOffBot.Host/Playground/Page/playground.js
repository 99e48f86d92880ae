'use strict';
// The playground page: one person at a time, their conversation with the bot, their pending reviews and every
// release channel, redrawn whenever the host says something changed (server-sent events). Cards are drawn with the
// official Adaptive Cards renderer; a pressed button posts the verb and data the renderer submits, as Teams would.

const AC = window.AdaptiveCards;
const el = (id) => document.getElementById(id);
const regions = new Map(); // conversation id -> { section, list, lines: Map(line id -> { key, item }) }
let person = null;
let latestRequest = 0;

const hostConfig = new AC.HostConfig({
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  supportsInteractivity: true,
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline' } },
});

// Cards use a little markdown (bold, line breaks); everything else is shown as plain, escaped text.
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  result.outputHtml = escaped.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\n/g, '<br>');
  result.didProcess = true;
};

function say(text, isError = false) {
  el('status').textContent = text;
  el('status').classList.toggle('error', isError);
}

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.detail || `${response.status} ${response.statusText}`);
  return json;
}

const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

function region(id, name, parent) {
  let r = regions.get(id);
  if (r) return r;
  const section = document.createElement('section');
  const title = document.createElement('h2');
  title.id = `title-${regions.size}`;
  title.textContent = name;
  section.setAttribute('aria-labelledby', title.id);
  section.dataset.conversation = id;
  const list = document.createElement('ol');
  list.className = 'lines';
  section.append(title, list);
  parent.append(section);
  r = { section, list, lines: new Map() };
  regions.set(id, r);
  return r;
}

function drawCard(card) {
  const adaptive = new AC.AdaptiveCard();
  adaptive.hostConfig = hostConfig;
  adaptive.onExecuteAction = press;
  adaptive.parse(card);
  const box = document.createElement('div');
  box.className = 'card';
  box.append(adaptive.render());
  return box;
}

function drawLine(line) {
  const item = document.createElement('li');
  item.className = line.from === 'SignOffBot' ? 'bot' : 'person';
  const from = document.createElement('span');
  from.className = 'from';
  from.textContent = line.from;
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = line.text;
  item.append(from, text);
  if (line.onlyYou) {
    const note = document.createElement('span');
    note.className = 'only-you';
    note.textContent = 'Only you can see this';
    item.append(note);
  }
  if (line.card) item.append(drawCard(line.card));
  return item;
}

// Lines whose content did not change keep their elements, so a comment being typed into a card survives a redraw.
function drawConversation(r, lines) {
  const seen = new Set();
  let added = false;
  lines.forEach((line, index) => {
    const key = JSON.stringify(line);
    let entry = r.lines.get(line.id);
    if (!entry || entry.key !== key) {
      const item = drawLine(line);
      if (entry) entry.item.replaceWith(item);
      else added = true;
      entry = { key, item };
      r.lines.set(line.id, entry);
    }
    if (r.list.children[index] !== entry.item) r.list.insertBefore(entry.item, r.list.children[index] || null);
    seen.add(line.id);
  });
  for (const [id, entry] of r.lines) {
    if (!seen.has(id)) { entry.item.remove(); r.lines.delete(id); }
  }
  if (lines.length === 0 && !r.list.querySelector('.empty')) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'Nothing here yet.';
    r.list.append(empty);
  } else if (lines.length > 0) {
    r.list.querySelector('.empty')?.remove();
  }
  if (added) r.list.scrollTop = r.list.scrollHeight;
}

function drawPending(pending) {
  const list = el('pending');
  list.replaceChildren(...(pending.length === 0
    ? [Object.assign(document.createElement('li'), { className: 'empty', textContent: 'Nothing is waiting for you.' })]
    : pending.map((p) => Object.assign(document.createElement('li'), { textContent: `${p.item}: ${p.slot} (${p.risk} risk)` }))));
}

function draw(page) {
  if (page.you !== person) return;
  for (const conversation of page.conversations) {
    const direct = conversation.id.startsWith('dm:');
    drawConversation(region(conversation.id, conversation.name, direct ? el('direct') : el('channels')), conversation.lines);
  }
  drawPending(page.pending);
}

// Only the newest refresh is drawn (one runs after every answer and on every change the host announces).
async function refresh() {
  const request = ++latestRequest;
  try {
    const page = await api(`/playground/api/page?as=${encodeURIComponent(person)}`);
    if (request === latestRequest) draw(page);
  } catch (e) {
    say(`Could not load the page: ${e.message}`, true);
  }
}

async function press(action) {
  if (action.getJsonTypeName() !== 'Action.Execute') return;
  say(`Sending ${action.title}…`);
  try {
    const answer = await api('/playground/api/actions', { as: person, verb: action.verb, data: action.data, id: newId() });
    say(answer.text, answer.reply === 'private');
    await refresh();
  } catch (e) {
    say(e.message, true);
  }
}

async function send(event) {
  event.preventDefault();
  const input = el('command');
  const text = input.value.trim();
  if (!text) { say('Type a command first (try help).', true); return; }
  // Cleared as it is sent, so an answer that arrives late never wipes what was typed since;
  // a command that failed comes back into the box unless something new is already there.
  input.value = '';
  try {
    const answer = await api('/playground/api/commands', { as: person, text, conversation: el('where').value, id: newId() });
    say(answer.text, answer.reply === 'private');
    await refresh();
  } catch (e) {
    if (!input.value) input.value = text;
    say(e.message, true);
  }
}

function become(id) {
  person = id;
  localStorage.setItem('signoffbot.playground.person', id);
  for (const r of regions.values()) r.section.remove();
  regions.clear();
  say('');
  refresh();
}

async function start() {
  const directory = await api('/playground/api/directory');
  const people = el('person');
  for (const p of directory.people) people.append(new Option(`${p.name} (${p.id})`, p.id));
  const where = el('where');
  where.append(new Option('Conversation with SignOffBot', 'dm'));
  for (const c of directory.channels) where.append(new Option(c.name, c.id));
  const wanted = new URLSearchParams(location.search).get('as') || localStorage.getItem('signoffbot.playground.person');
  people.value = directory.people.some((p) => p.id === wanted) ? wanted : directory.people[0]?.id;
  people.addEventListener('change', () => become(people.value));
  el('command-form').addEventListener('submit', send);
  new EventSource('/playground/api/events').onmessage = () => refresh();
  become(people.value);
}

start().catch((e) => say(`The playground could not start: ${e.message}`, true));
