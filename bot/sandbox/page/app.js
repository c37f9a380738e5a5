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
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => (
    {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  const decode = (s) => String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  const EMOJI = {
    white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', warning: '⚠️', tada: '🎉',
    trophy: '🏆', pin: '📌', pushpin: '📌', mega: '📣', fire: '🔥', ship: '🚢', ticket: '🎫',
    ballot_box_with_ballot: '🗳️', bulb: '💡', calendar: '📅', wave: '👋', eyes: '👀',
    memo: '📝', chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉',
    rotating_light: '🚨', hourglass: '⌛', star: '⭐', sparkles: '✨', mag: '🔍', zap: '⚡',
    thumbsup: '👍', '+1': '👍', thumbsdown: '👎', '-1': '👎', clipboard: '📋', crown: '👑',
    palm_tree: '🌴', arrow_up: '⬆️', arrow_down: '⬇️', large_green_circle: '🟢',
    red_circle: '🔴', speech_balloon: '💬', busts_in_silhouette: '👥', wrench: '🔧',
  };

  // One <…> token: mentions, channels, special mentions and links.
  function angle(inner) {
    const [target, label] = inner.split('|', 2);
    if (target.startsWith('@')) {
      return '<span class="mention">@' + esc(displayName(target.slice(1))) + '</span>';
    }
    if (target.startsWith('#')) {
      const channel = state.workspace.channels.find((c) => c.id === target.slice(1));
      return '<span class="mention">#' + esc(label || (channel ? channel.name : target.slice(1))) +
             '</span>';
    }
    if (target.startsWith('!')) {
      const special = target.slice(1);
      if (special.startsWith('date^')) return esc(decode(label || special.split('^')[2] || ''));
      if (special.startsWith('subteam^')) return '<span class="mention">' + esc(decode(label || '@group')) + '</span>';
      return '<span class="mention">@' + esc(special) + '</span>';
    }
    const url = decode(target);
    const text = decode(label || target);
    if (!/^(https?:|mailto:)/i.test(url)) return esc(text);
    return '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + esc(text) + '</a>';
  }

  // Slack mrkdwn to safe HTML: every piece of text is escaped; only tags made here remain.
  function mrkdwn(source) {
    const held = [];
    const hold = (html) => '\u0000' + (held.push(html) - 1) + '\u0000';
    let s = String(source || '');
    s = s.replace(/```([\s\S]*?)```/g, (_, code) =>
      hold('<pre><code>' + esc(decode(code.replace(/^\n/, ''))) + '</code></pre>'));
    s = s.replace(/`([^`\n]+)`/g, (_, code) => hold('<code>' + esc(decode(code)) + '</code>'));
    s = s.replace(/<([^<>\n]+)>/g, (_, inner) => hold(angle(inner)));
    s = esc(decode(s));
    s = s.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
    s = s.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1<strong>$2</strong>');
    s = s.replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<em>$2</em>');
    s = s.replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?!\w)/g, '$1<del>$2</del>');
    // Lines: bullets become lists, "> " lines quotes; the rest keep their breaks.
    const out = [];
    let list = null;
    for (const line of s.split('\n')) {
      const bullet = line.match(/^\s*(?:•|◦|▪|-|\*)\s+(.*)$/);
      const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
      const kind = bullet ? 'ul' : numbered ? 'ol' : null;
      if (kind) {
        if (!list || list.kind !== kind) {
          if (list) out.push('</' + list.kind + '>');
          list = {kind};
          out.push('<' + kind + '>');
        }
        out.push('<li>' + (bullet || numbered)[1] + '</li>');
        continue;
      }
      if (list) { out.push('</' + list.kind + '>'); list = null; }
      const quote = line.match(/^&gt;\s?(.*)$/);
      out.push(quote ? '<blockquote>' + quote[1] + '</blockquote>' : line + '<br>');
    }
    if (list) out.push('</' + list.kind + '>');
    let html = out.join('').replace(/(<br>)+$/, '');
    html = html.replace(/\u0000(\d+)\u0000/g, (_, i) => held[Number(i)]);
    return html;
  }

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
    if (m.ephemeral_to) body.append(el('div', {class: 'only-you', text: 'Only visible to you'}));
    const avatarClass = 'avatar' + (isBot ? ' bot' : m.user === 'USLACKBOT' ? ' slackbot' : '');
    return el('li', {class: 'message' + (m.ephemeral_to ? ' ephemeral' : ''),
                     'data-key': m.channel + '|' + m.ts, 'data-user': m.user},
              el('div', {class: avatarClass, 'aria-hidden': 'true', text: name.charAt(0).toUpperCase()}),
              body);
  }

  function renderConversation() {
    const list = $('messages');
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
    $('dm-list').replaceChildren(entry(myDm(), state.workspace.bot.name));
  }

  function openConversation(id) {
    state.conversation = id;
    state.unread.delete(id);
    const channel = state.workspace.channels.find((c) => c.id === id);
    $('conversation-title').textContent = channel ? '# ' + channel.name : state.workspace.bot.name;
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

  // --- modals --------------------------------------------------------------------------------
  const dialog = () => $('modal');
  function closeDialog() {
    state.openView = null;
    if (dialog().open) dialog().close();
  }

  function inputControl(block, index) {
    const element = block.element || {};
    const id = 'input-' + index;
    const hintId = id + '-hint';
    const errorId = id + '-error';
    const described = [block.hint ? hintId : null, errorId].filter(Boolean).join(' ');
    const label = block.label ? block.label.text : '';
    const wrap = el('div', {class: 'input-block', 'data-block-id': block.block_id || ''});
    let control;
    const placeholder = element.placeholder ? element.placeholder.text : undefined;
    switch (element.type) {
      case 'plain_text_input':
        control = element.multiline
          ? el('textarea', {id, rows: '4', placeholder})
          : el('input', {id, type: 'text', placeholder});
        if (element.initial_value) control.value = element.initial_value;
        if (element.max_length) control.maxLength = element.max_length;
        break;
      case 'number_input':
        control = el('input', {id, type: 'number', step: element.is_decimal_allowed ? 'any' : '1'});
        if (element.initial_value) control.value = element.initial_value;
        break;
      case 'datepicker':
        control = el('input', {id, type: 'date', value: element.initial_date});
        break;
      case 'static_select':
      case 'users_select':
      case 'conversations_select':
      case 'channels_select': {
        control = el('select', {id});
        control.append(el('option', {value: '', text: placeholder || 'Choose…'}));
        const options = element.type === 'users_select'
          ? state.workspace.people.map((p) => ({text: {text: p.name}, value: p.id}))
          : element.type === 'static_select'
            ? (element.options || []).concat(...(element.option_groups || []).map((g) => g.options))
            : state.workspace.channels.map((c) => ({text: {text: '#' + c.name}, value: c.id}));
        for (const o of options) control.append(el('option', {value: o.value, text: o.text.text}));
        const initial = element.initial_option ? element.initial_option.value
          : element.initial_user || element.initial_conversation || element.initial_channel;
        if (initial) control.value = initial;
        break;
      }
      case 'radio_buttons':
      case 'checkboxes': {
        const kind = element.type === 'radio_buttons' ? 'radio' : 'checkbox';
        control = el('fieldset', {id, 'aria-describedby': described},
                     el('legend', {text: label}));
        (element.options || []).forEach((o, i) => {
          const optionId = id + '-' + i;
          const checked = element.type === 'radio_buttons'
            ? element.initial_option && element.initial_option.value === o.value
            : (element.initial_options || []).some((x) => x.value === o.value);
          control.append(el('div', {},
            el('input', {type: kind, id: optionId, name: id, value: o.value, checked}),
            el('label', {for: optionId, text: ' ' + o.text.text})));
        });
        break;
      }
      default:
        control = el('input', {id, type: 'text'});
    }
    control.dataset.elementType = element.type || 'plain_text_input';
    control.dataset.actionId = element.action_id || '';
    if (control.tagName !== 'FIELDSET') {
      control.setAttribute('aria-describedby', described);
      wrap.append(el('label', {for: id, text: label + (block.optional ? ' (optional)' : '')}));
    }
    wrap.append(control);
    if (block.hint) wrap.append(el('div', {class: 'input-hint', id: hintId, text: block.hint.text}));
    wrap.append(el('div', {class: 'input-error', id: errorId}));
    return wrap;
  }

  function showView(viewId) {
    const entry = state.views.get(viewId);
    if (!entry || entry.user !== state.me) return;
    const view = entry.view;
    state.openView = viewId;
    $('modal-title').textContent = view.title ? view.title.text : 'Modal';
    $('modal-submit').textContent = view.submit ? view.submit.text : 'Submit';
    $('modal-submit').hidden = !view.submit;
    $('modal-close').textContent = view.close ? view.close.text : 'Cancel';
    $('modal-error').textContent = '';
    const body = $('modal-body');
    body.replaceChildren();
    (view.blocks || []).forEach((block, i) => {
      body.append(block.type === 'input' ? inputControl(block, i) : renderBlock(block, {viewId}));
    });
    if (!dialog().open) dialog().showModal();
    const first = body.querySelector('input, textarea, select, button');
    if (first) first.focus();
  }

  function collectValues() {
    const values = {};
    const view = state.views.get(state.openView).view;
    (view.blocks || []).forEach((block, i) => {
      if (block.type !== 'input') return;
      const control = $('input-' + i);
      if (!control) return;
      const blockId = block.block_id || 'block-' + i;
      const actionId = control.dataset.actionId;
      const type = control.dataset.elementType;
      let value = {type};
      if (type === 'plain_text_input' || type === 'number_input') value.value = control.value || null;
      else if (type === 'datepicker') value.selected_date = control.value || null;
      else if (type === 'users_select') value.selected_user = control.value || null;
      else if (type === 'conversations_select') value.selected_conversation = control.value || null;
      else if (type === 'channels_select') value.selected_channel = control.value || null;
      else if (type === 'static_select') {
        const option = control.value ? (block.element.options || []).concat(
          ...(block.element.option_groups || []).map((g) => g.options)).find((o) => o.value === control.value) : null;
        value.selected_option = option || null;
      } else if (type === 'radio_buttons' || type === 'checkboxes') {
        const picked = [...control.querySelectorAll('input:checked')].map((input) =>
          block.element.options.find((o) => o.value === input.value));
        if (type === 'radio_buttons') value.selected_option = picked[0] || null;
        else value.selected_options = picked;
      }
      values[blockId] = {[actionId]: value};
    });
    return values;
  }

  function showViewErrors(viewId, errors) {
    if (state.openView !== viewId) return;
    let first = null;
    for (const wrap of $('modal-body').querySelectorAll('.input-block')) {
      const message = errors[wrap.dataset.blockId] || '';
      wrap.querySelector('.input-error').textContent = message;
      const control = wrap.querySelector('input, textarea, select, fieldset');
      if (control) control.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message && !first) first = control;
    }
    $('modal-error').textContent = 'Please fix the highlighted fields.';
    if (first) first.focus();
  }

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
      case 'view_errors':
        if (event.user === state.me) showViewErrors(event.view_id, event.errors || {});
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
        await post('/ui/submit', {user: state.me, view_id: state.openView, values: collectValues()});
      } catch (err) {
        $('modal-error').textContent = 'Could not submit: ' + err.message;
      }
    });
    const cancel = () => {
      if (state.openView) post('/ui/close', {user: state.me, view_id: state.openView}).catch(() => {});
      closeDialog();
    };
    $('modal-close').addEventListener('click', cancel);
    dialog().addEventListener('cancel', (e) => { e.preventDefault(); cancel(); });  // Escape

    setInterval(renderClock, 15000);
    connect();
  }

  start().catch((e) => showConnection('The sandbox did not answer: ' + e.message));
})();
