// Slack mrkdwn to HTML for the sandbox page: bold, italic, strike, code, quotes, lists,
// links, emoji codes and <@U…>/<#C…>/<!here> mentions shown as names. Every piece of text is
// escaped; the only tags in the result are the ones made here, and links are http(s)/mailto
// only. Pure: names come from the caller ({user(id), channel(id)}).
'use strict';

window.SandboxText = (() => {
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
  function angle(inner, names) {
    const [target, label] = inner.split('|', 2);
    if (target.startsWith('@')) {
      return '<span class="mention">@' + esc(names.user(target.slice(1))) + '</span>';
    }
    if (target.startsWith('#')) {
      const name = label || names.channel(target.slice(1)) || target.slice(1);
      return '<span class="mention">#' + esc(name) + '</span>';
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
  function mrkdwn(source, names) {
    const held = [];
    const hold = (html) => '\u0000' + (held.push(html) - 1) + '\u0000';
    let s = String(source || '');
    s = s.replace(/```([\s\S]*?)```/g, (_, code) =>
      hold('<pre><code>' + esc(decode(code.replace(/^\n/, ''))) + '</code></pre>'));
    s = s.replace(/`([^`\n]+)`/g, (_, code) => hold('<code>' + esc(decode(code)) + '</code>'));
    s = s.replace(/<([^<>\n]+)>/g, (_, inner) => hold(angle(inner, names)));
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

  return {esc, decode, mrkdwn};
})();
