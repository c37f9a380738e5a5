// The sandbox page: a small chat client for the emulated workspace. It keeps the whole
// timeline the emulator streams (server-sent events from /ui/events) and renders what the
// selected person would see; what that person does goes to /ui/* and becomes the envelope
// Slack would send the bot. No framework and nothing fetched from anywhere else.
'use strict';

(() => {
  const state = {
    workspace: null,
    me: null,               // the person id the page acts as
    conversation: null,     // channel id on screen
    messages: new Map(),    // "channel|ts" -> message event, in arrival order
    views: new Map(),       // view id -> {user, view, errors}
    homes: new Map(),       // person id -> their Home tab view (views.publish)
    openView: null,         // view id shown in the dialog
    unread: new Set(),      // conversation ids with messages not yet seen
    clock: {nowMs: Date.now(), receivedAt: Date.now(), zone: 'UTC', controllable: false},
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'html') node.innerHTML = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };

  // --- talking to the emulator ---------------------------------------------------------
  async function post(path, body) {
    const res = await fetch(path, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({ok: false, error: 'HTTP ' + res.status}));
    if (!answer.ok) throw new Error(answer.error || 'request failed');
    return answer;
  }

  // --- names and text ------------------------------------------------------------------
  const person = (id) => state.workspace.people.find((p) => p.id === id);
  function displayName(id) {
    if (id === state.workspace.bot.id) return state.workspace.bot.name;
    if (id === 'USLACKBOT') return 'Slackbot';
    const p = person(id);
    return p ? p.name : id;
  }
  const names = {
    user: displayName,
    channel: (id) => {
      const channel = state.workspace.channels.find((c) => c.id === id);
      return channel ? channel.name : null;
    },
  };
  const mrkdwn = (text) => window.SandboxText.mrkdwn(text, names);

  function textObject(object, cls) {
    if (!object) return null;
    if (object.type === 'mrkdwn') return el('div', {class: 'mrkdwn ' + (cls || ''), html: mrkdwn(object.text)});
    return el('div', {class: cls || '', text: object.text || ''});
  }

  // --- Block Kit ------------------------------------------------------------------------
  // `where` says where an action happens: {channel, ts} for a message, {viewId} in a modal.
  function interactive(element, blockId, where) {
    const base = {action_id: element.action_id || '', block_id: blockId || ''};
    if (element.type === 'button') {
      const button = el('button', {
        type: 'button',
        class: 'bk-button' + (element.style ? ' ' + element.style : ''),
        text: element.text ? element.text.text : 'Button',
        'aria-label': element.accessibility_label,
      });
      button.addEventListener('click', () => act(button, where, {
        ...base, type: 'button', value: element.value,
        text: element.text || {type: 'plain_text', text: ''},
      }));
      return button;
    }
    if (element.type === 'static_select' || element.type === 'overflow' ||
        element.type === 'users_select') {
      const options = element.type === 'users_select'
        ? state.workspace.people.map((p) => ({text: {type: 'plain_text', text: p.name}, value: p.id}))
        : (element.options || []).concat(...(element.option_groups || []).map((g) => g.options));
      const select = el('select', {class: 'bk-select', 'aria-label':
        (element.placeholder && element.placeholder.text) || 'Choose'});
      select.append(el('option', {value: '', text: (element.placeholder && element.placeholder.text) || 'Choose…'}));
      for (const option of options) select.append(el('option', {value: option.value, text: option.text.text}));
      select.addEventListener('change', () => {
        if (!select.value) return;
        const option = options.find((o) => o.value === select.value);
        const action = {...base, type: element.type};
        if (element.type === 'users_select') action.selected_user = select.value;
        else action.selected_option = option;
        act(select, where, action);
      });
      return select;
    }
    return el('span', {class: 'block-image', text: '[' + element.type + ']'});
  }

  function renderBlock(block, where) {
    switch (block.type) {
      case 'header':
        return el('div', {class: 'block block-header', role: 'heading', 'aria-level': '3',
                          text: block.text ? block.text.text : ''});
      case 'section': {
        const main = el('div', {class: 'section-main'}, textObject(block.text));
        if (block.fields) {
          main.append(el('div', {class: 'fields'}, ...block.fields.map((f) => textObject(f))));
        }
        const section = el('div', {class: 'block block-section'}, main);
        if (block.accessory) section.append(interactive(block.accessory, block.block_id, where));
        return section;
      }
      case 'context':
        return el('div', {class: 'block block-context'}, ...(block.elements || []).map((e) =>
          e.type === 'image' ? el('span', {class: 'block-image', text: e.alt_text || ''}) : textObject(e)));
      case 'divider':
        return el('hr', {class: 'block-divider'});
      case 'actions':
        return el('div', {class: 'block block-actions', role: 'group'},
                  ...(block.elements || []).map((e) => interactive(e, block.block_id, where)));
      case 'image':
        return el('div', {class: 'block block-image', text: '[image: ' + (block.alt_text || '') + ']'});
      case 'rich_text':
        return el('div', {class: 'block mrkdwn', text: richText(block)});
      default:
        return el('div', {class: 'block block-image', text: '[' + block.type + ' block]'});
    }
  }

  function richText(block) {
    const walk = (node) => node.text || (node.elements || []).map(walk).join('');
    return (block.elements || []).map(walk).join('\n');
  }

  async function act(control, where, action) {
    control.setAttribute('aria-busy', 'true');
    try {
      await post('/ui/action', {user: state.me, channel: where.channel, ts: where.ts,
                                view_id: where.viewId, action});
    } catch (e) {
      showConnection('Could not send the click: ' + e.message);
    } finally {
      setTimeout(() => control.removeAttribute('aria-busy'), 400);
    }
  }

  // --- messages --------------------------------------------------------------------------
  const visible = (m) => !m.ephemeral_to || m.ephemeral_to === state.me;
  const myDm = () => person(state.me).dm;
  const formatTime = (ms, withDay) => new Intl.DateTimeFormat('en-GB', {
    timeZone: state.clock.zone, hour: '2-digit', minute: '2-digit',
    ...(withDay ? {weekday: 'short', day: 'numeric', month: 'short'} : {}),
  }).format(new Date(ms));

  function renderMessage(m) {
    const isBot = m.user === state.workspace.bot.id;
    const name = displayName(m.user);
    const body = el('div', {class: 'message-body'});
    body.append(el('div', {class: 'meta'},
      el('span', {class: 'author', text: name}),
      isBot ? el('span', {class: 'app-tag', text: 'APP'}) : null,
      el('time', {class: 'time', datetime: new Date(m.at).toISOString(), text: formatTime(m.at, true)}),
      m.edited ? el('span', {class: 'edited', text: '(edited)'}) : null));
    if (m.command) {
      body.append(el('div', {class: 'command-echo', text: m.text}));
    } else if (Array.isArray(m.blocks) && m.blocks.length) {
      const where = {channel: m.channel, ts: m.ts};
      for (const block of m.blocks) body.append(renderBlock(block, where));
    } else {
      body.append(el('div', {class: 'mrkdwn', html: mrkdwn(m.text)}));
    }
    for (const file of m.files || []) {
      body.append(file.mimetype.startsWith('image/')
        ? el('img', {class: 'shared-image', src: file.url, alt: file.alt || file.title, title: file.title})
        : el('a', {class: 'shared-file', href: file.url, text: file.title}));
    }
    if (m.ephemeral_to) body.append(el('div', {class: 'only-you', text: 'Only visible to you'}));
    else if (!m.command && (state.workspace.shortcuts || []).length) body.append(shortcutMenu(m));
    const avatarClass = 'avatar' + (isBot ? ' bot' : m.user === 'USLACKBOT' ? ' slackbot' : '');
    return el('li', {class: 'message' + (m.ephemeral_to ? ' ephemeral' : ''),
                     'data-key': m.channel + '|' + m.ts, 'data-user': m.user},
              el('div', {class: avatarClass, 'aria-hidden': 'true', text: name.charAt(0).toUpperCase()}),
              body);
  }

  // The app's message shortcuts, as Slack's "More actions" menu on a message offers them.
  function shortcutMenu(m) {
    const shortcuts = state.workspace.shortcuts || [];
    const menu = el('select', {class: 'shortcut-menu', 'aria-label': 'More actions',
                               title: 'More actions'},
      el('option', {value: '', text: '⋯'}),
      ...shortcuts.map((s) => el('option', {value: s.callback_id, text: s.name})));
    menu.addEventListener('change', async () => {
      const callback_id = menu.value;
      menu.value = '';
      if (!callback_id) return;
      try {
        await post('/ui/shortcut', {user: state.me, channel: m.channel, ts: m.ts, callback_id});
      } catch (e) {
        showConnection('Could not run the shortcut: ' + e.message);
      }
    });
    return menu;
  }

  // The app's Home tab: what the app last published for the person on screen.
  const kHome = 'home';
  function renderHome() {
    const list = $('messages');
    const home = state.homes.get(state.me);
    if (!home) {
      list.replaceChildren(el('li', {class: 'home-empty', text: 'Opening the Home tab…'}));
      return;
    }
    const where = {viewId: home.id};
    list.replaceChildren(el('li', {class: 'home'}, ...home.blocks.map((b) => renderBlock(b, where))));
  }

  function renderConversation() {
    const list = $('messages');
    $('composer').hidden = state.conversation === kHome;
    if (state.conversation === kHome) {
      renderHome();
      return;
    }
    list.replaceChildren();
    for (const m of state.messages.values()) {
      if (m.channel === state.conversation && visible(m)) list.append(renderMessage(m));
    }
    list.scrollTop = list.scrollHeight;
  }

  function onMessage(m) {
    const key = m.channel + '|' + m.ts;
    state.messages.set(key, m);
    if (m.channel !== state.conversation || !visible(m)) {
      const mine = m.channel === myDm() || state.workspace.channels.some((c) => c.id === m.channel);
      if (visible(m) && mine) state.unread.add(m.channel);
      renderSidebar();
      return;
    }
    const list = $('messages');
    const existing = list.querySelector('[data-key="' + CSS.escape(key) + '"]');
    const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    if (existing) existing.replaceWith(renderMessage(m));  // chat.update: in place
    else list.append(renderMessage(m));
    if (stick || m.user === state.me) list.scrollTop = list.scrollHeight;
  }

  // --- sidebar, switcher, clock ------------------------------------------------------------
  function renderSidebar() {
    const entry = (id, label) => {
      const button = el('button', {type: 'button', 'aria-current': id === state.conversation ? 'true' : 'false',
                                   class: state.unread.has(id) ? 'unread' : '', text: label,
                                   'data-conversation': id});
      button.addEventListener('click', () => openConversation(id));
      return el('li', {}, button);
    };
    $('channel-list').replaceChildren(...state.workspace.channels.map((c) => entry(c.id, '# ' + c.name)));
    $('dm-list').replaceChildren(entry(myDm(), state.workspace.bot.name),
                                 entry(kHome, state.workspace.bot.name + ' — Home'));
  }

  function openConversation(id) {
    state.conversation = id;
    state.unread.delete(id);
    if (id === kHome) {
      // As in Slack, opening the tab tells the app (app_home_opened), which publishes the view.
      post('/ui/home', {user: state.me}).catch((e) => showConnection('Could not open Home: ' + e.message));
    }
    const channel = state.workspace.channels.find((c) => c.id === id);
    $('conversation-title').textContent = channel ? '# ' + channel.name
      : state.workspace.bot.name + (id === kHome ? ' — Home' : '');
    $('composer-input').placeholder = channel
      ? 'Message #' + channel.name + ', or type /captain who'
      : 'Message ' + state.workspace.bot.name + ' (try: help)';
    renderSidebar();
    renderConversation();
  }

  function becomePerson(id) {
    const wasDm = state.conversation === myDm();
    state.me = id;
    $('you-are').value = id;
    if (wasDm) state.conversation = myDm();
    openConversation(state.conversation);
    // A modal belongs to the person who opened it.
    closeDialog();
    for (const [viewId, entry] of state.views) if (entry.user === id) showView(viewId);
  }

  function renderClock() {
    const now = state.clock.nowMs + (Date.now() - state.clock.receivedAt);
    $('clock-now').textContent = formatTime(now, true) + ' (' + state.clock.zone + ')';
    $('clock-now').setAttribute('datetime', new Date(now).toISOString());
  }

  async function refreshWorkspace() {
    const res = await fetch('/ui/workspace');
    const workspace = await res.json();
    state.workspace = workspace;
    state.clock = {nowMs: workspace.clock.now_ms, receivedAt: Date.now(),
                   zone: workspace.clock.zone, controllable: workspace.clock.controllable};
    $('clock-buttons').hidden = !workspace.clock.controllable;
    renderClock();
  }

  // Modals (views.open) as dialogs; modal.js.
  const modals = window.SandboxModal({state, $, el, renderBlock});
  const showView = modals.show;
  const closeDialog = modals.close;

  // --- the timeline ----------------------------------------------------------------------------
  function onEvent(event) {
    switch (event.type) {
      case 'message': onMessage(event); break;
      case 'message_deleted': {
        state.messages.delete(event.channel + '|' + event.ts);
        renderConversation();
        break;
      }
      case 'view':
        state.views.set(event.view.id, {user: event.user, view: event.view});
        if (event.user === state.me) showView(event.view.id);
        break;
      case 'home':
        state.homes.set(event.user, event.view);
        if (event.user === state.me && state.conversation === kHome) renderHome();
        break;
      case 'view_errors':
        if (event.user === state.me) modals.showErrors(event.view_id, event.errors || {});
        break;
      case 'view_closed':
        state.views.delete(event.view_id);
        if (state.openView === event.view_id) closeDialog();
        break;
      case 'clock':
        refreshWorkspace().then(renderConversation);
        break;
      default:
        break;
    }
  }

  function showConnection(text) { $('connection').textContent = text; }

  function connect() {
    const source = new EventSource('/ui/events');
    source.onopen = () => showConnection('Connected to the local Slack');
    source.onerror = () => showConnection('Reconnecting to the local Slack…');
    source.addEventListener('hello', (e) => {
      // A restarted sandbox has a new timeline: start over rather than mix the two.
      const instance = JSON.parse(e.data).instance;
      if (state.instance && state.instance !== instance) location.reload();
      state.instance = instance;
    });
    source.onmessage = (e) => {
      try {
        onEvent(JSON.parse(e.data));
      } catch (err) {
        console.error('bad event', err);
      }
    };
  }

  // --- wiring ---------------------------------------------------------------------------------
  async function send() {
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    try {
      await post('/ui/send', {user: state.me, channel: state.conversation, text});
      input.value = '';
    } catch (e) {
      showConnection('Could not send: ' + e.message);
    }
    input.focus();
  }

  async function start() {
    await refreshWorkspace();
    const ws = state.workspace;
    $('team-name').textContent = ws.team;
    $('command-list').replaceChildren(...ws.commands.map((c, i) =>
      el('span', {}, el('code', {text: c}), i + 1 < ws.commands.length ? ' ' : '')));
    const select = $('you-are');
    for (const p of ws.people) select.append(el('option', {value: p.id, text: p.name}));
    select.addEventListener('change', () => becomePerson(select.value));
    const params = new URLSearchParams(location.search);
    state.me = person(params.get('as')) ? params.get('as') : ws.people[0].id;
    select.value = state.me;
    openConversation(ws.channels[0].id);

    $('composer').addEventListener('submit', (e) => { e.preventDefault(); send(); });
    $('composer-input').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
    });
    for (const button of document.querySelectorAll('[data-clock]')) {
      button.addEventListener('click', async () => {
        try {
          await post('/ui/clock', {action: button.dataset.clock});
        } catch (e) {
          showConnection('Could not move the clock: ' + e.message);
        }
      });
    }
    $('modal-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!state.openView) return;
      try {
        await post('/ui/submit', {user: state.me, view_id: state.openView, values: modals.collect()});
      } catch (err) {
        $('modal-error').textContent = 'Could not submit: ' + err.message;
      }
    });
    const cancel = () => {
      if (state.openView) post('/ui/close', {user: state.me, view_id: state.openView}).catch(() => {});
      closeDialog();
    };
    $('modal-close').addEventListener('click', cancel);
    $('modal').addEventListener('cancel', (e) => { e.preventDefault(); cancel(); });  // Escape

    setInterval(renderClock, 15000);
    connect();
  }

  start().catch((e) => showConnection('The sandbox did not answer: ' + e.message));
})();
