// Modals for the sandbox page: a view opened with views.open becomes a <dialog> with labelled
// controls for its input blocks; submitting collects state.values the way Slack shapes them,
// and response_action errors are shown under their inputs (focus moves to the first one).
// A factory over the page's state and helpers (app.js), so it keeps no state of its own.
'use strict';

window.SandboxModal = ({state, $, el, renderBlock}) => {
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

  return {show: showView, close: closeDialog, collect: collectValues, showErrors: showViewErrors};
};
