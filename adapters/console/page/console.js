// The hotline console in the browser: keyboard first, everything drawn with textContent (a
// policy text or a caller's words never become markup), only the latest answer shown.
'use strict'
const $ = (id) => document.getElementById(id)
const q = $('q')
const list = $('results')

const state = {
  results: [],
  selected: 0,
  searchSeq: 0, // the latest search sent: an answer to an earlier one is stale
  searchTimer: 0,
  searching: null, // the search in flight
  policyId: null,
  fields: [],
  policySeq: 0,
  factsTimer: 0,
  // what the caller said, kept across policies: a second policy needs the same revenue
  profile: {},
}

function el(tag, text, cls) {
  const e = document.createElement(tag)
  if (text != null) e.textContent = text
  if (cls) e.className = cls
  return e
}

function fill(node, items, tag = 'li') {
  node.replaceChildren(...items.map((t) => el(tag, t)))
}

/** A server answer, or its error in words the operator can act on; never a thrown error. */
async function getJson(url) {
  try {
    const res = await fetch(url)
    const body = await res.json().catch(() => ({ error: '服务器返回有误，请稍后再试' }))
    return { ok: res.ok, body }
  } catch {
    return { ok: false, body: { error: '连不上服务器，请检查网络后再试' } }
  }
}

// ——— search ———

async function search() {
  clearTimeout(state.searchTimer)
  state.searchTimer = 0
  const text = q.value.trim()
  const seq = ++state.searchSeq
  if (!text) return showResults(seq, [], null)
  const { ok, body } = await getJson(`/console/search?q=${encodeURIComponent(text)}`)
  if (seq !== state.searchSeq) return // a newer query was sent meanwhile
  if (!ok) return showResults(seq, [], body.error)
  showResults(seq, body.results, null, body.ms)
}

function showResults(seq, results, error, ms) {
  if (seq !== state.searchSeq) return
  state.results = results
  state.selected = 0
  list.replaceChildren(
    ...results.map((r, i) => {
      const li = el('li')
      li.id = `result-${i}`
      li.setAttribute('role', 'option')
      li.dataset.id = r.id
      const head = el('div')
      head.append(el('span', r.title, 'title'), el('span', r.statusLabel, `badge status-${r.status}`))
      li.append(head, el('div', `${r.region} · ${r.citation}`, 'meta'))
      li.addEventListener('click', () => {
        state.selected = i
        open()
      })
      return li
    }),
  )
  select(0)
  $('empty').textContent = error ?? (q.value.trim() && !results.length ? '没有找到相关政策，换个说法试试。' : results.length ? '' : '输入关键词开始查询。')
  $('timing').textContent = ms != null ? `服务器 ${ms} ms` : ''
}

function select(i) {
  if (!state.results.length) return q.removeAttribute('aria-activedescendant')
  state.selected = (i + state.results.length) % state.results.length
  for (const li of list.children) li.setAttribute('aria-selected', String(li.id === `result-${state.selected}`))
  q.setAttribute('aria-activedescendant', `result-${state.selected}`)
  list.children[state.selected].scrollIntoView({ block: 'nearest' })
}

/** Enter right after typing: let the search for what is typed finish first. */
async function settled() {
  if (state.searchTimer) state.searching = search()
  await state.searching
}

// ——— one policy ———

async function open() {
  await settled()
  const r = state.results[state.selected]
  if (!r) return
  state.policyId = r.id
  const body = await loadPolicy()
  if (!body) return
  buildFacts(body.facts)
  const first = $('fields').querySelector('input, select')
  ;(first ?? $('copy')).focus()
}

/** The policy for the caller's facts; null when a newer request has been sent since. */
async function loadPolicy() {
  const seq = ++state.policySeq
  const id = state.policyId
  // the whole profile: a policy just opened reads what the caller said for the last one
  const facts = encodeURIComponent(JSON.stringify(state.profile))
  const { ok, body } = await getJson(`/console/policy/${encodeURIComponent(id)}?facts=${facts}`)
  if (seq !== state.policySeq) return null
  $('detail').hidden = false
  $('error').hidden = ok
  if (!ok) {
    $('error').textContent = body.error
    return null
  }
  render(body)
  return body
}

function render({ policy: p, view, readout }) {
  $('title').textContent = p.title
  $('region').textContent = p.region
  $('status').textContent = view.statusLabel
  $('status').className = `badge status-${p.status}`
  $('amount').textContent = view.amount
  $('eligibility').textContent = view.eligibility
  $('explanation').textContent = p.amount?.explanation ?? ''
  const MARK = { met: '✔', failed: '✘', unknown: '？' }
  fill($('conditions'), p.conditions.length ? p.conditions.map((c) => `${MARK[c.state]} ${c.text}`) : ['原文未列明具体条件'])
  fill($('documents'), p.documents.length ? p.documents : ['原文未列明，请向受理部门咨询'])
  $('deadline').textContent = p.deadline ?? '原文未写明'
  $('applyTo').textContent = p.applyTo ?? '原文未写明'
  $('department').textContent = p.department ?? '原文未写明'
  $('cite').textContent = view.cite
  $('quote').textContent = `“${p.source.quote}”`
  fill($('alsoAt'), p.source.alsoAt.map((a) => `另见${a.clause ?? ''}：“${a.quote}”`))
  $('validity').textContent = view.validity
  fill($('notes'), view.notes)
  $('notes-head').hidden = !view.notes.length
  $('readout').value = readout
  $('copied').textContent = ''
}

// ——— the facts box ———

function buildFacts(fields) {
  state.fields = fields
  const box = $('fields')
  box.replaceChildren()
  $('facts').hidden = !fields.length
  for (const f of fields) {
    const label = el('label')
    label.title = f.question
    let input
    if (f.type === 'boolean' || f.type === 'enum') {
      input = el('select')
      const opts = f.type === 'boolean' ? [{ id: 'true', label: '是' }, { id: 'false', label: '否' }] : f.options
      input.append(el('option', '未知'), ...opts.map((o) => Object.assign(el('option', o.label), { value: o.id })))
      input.firstChild.value = ''
    } else {
      input = el('input')
      input.type = 'text'
      if (f.type === 'region') {
        input.setAttribute('list', 'regions')
        fill($('regions'), [], 'option')
        $('regions').append(...f.options.map((o) => Object.assign(el('option', o.id === o.label ? null : o.label), { value: o.id })))
      } else input.inputMode = 'decimal'
      input.placeholder = f.question
    }
    input.dataset.fact = f.id
    input.setAttribute('aria-label', `${f.label}${f.unit ? `（${f.unit}）` : ''}`)
    const known = state.profile[f.id]
    if (known !== undefined) input.value = typeof known === 'number' ? String(Number(((known * f.div) / f.mul).toPrecision(12))) : String(known)
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
      clearTimeout(state.factsTimer)
      state.factsTimer = setTimeout(recompute, 120)
    })
    label.append(el('span', f.label), input, el('span', f.unit, 'muted'))
    box.append(label)
  }
}

/** What the operator typed, in the catalogue's units; a figure that is no number is marked. */
function readFacts() {
  for (const input of $('fields').querySelectorAll('[data-fact]')) {
    const f = state.fields.find((x) => x.id === input.dataset.fact)
    const raw = input.value.trim()
    input.removeAttribute('aria-invalid')
    if (!raw) {
      delete state.profile[f.id]
      continue
    }
    if (f.type === 'boolean') state.profile[f.id] = raw === 'true'
    else if (f.type === 'enum') state.profile[f.id] = raw
    else if (f.type === 'region') {
      // a place half typed (嘉) is not yet a place: keep it out until it is one
      if (f.options.some((o) => o.id === raw)) state.profile[f.id] = raw
      else {
        input.setAttribute('aria-invalid', 'true')
        delete state.profile[f.id]
      }
    }
    else {
      const n = Number(raw.replace(/[,，\s]/g, '').replace(/[%％]$/, ''))
      if (Number.isFinite(n)) state.profile[f.id] = Number(((n * f.mul) / f.div).toPrecision(12))
      else {
        input.setAttribute('aria-invalid', 'true')
        delete state.profile[f.id]
      }
    }
  }
}

function recompute() {
  readFacts()
  loadPolicy()
}

// ——— the answer to read out ———

async function copy() {
  const box = $('readout')
  if (!box.value) return
  box.focus()
  box.select()
  let ok = false
  try {
    await navigator.clipboard.writeText(box.value)
    ok = true
  } catch {
    try {
      ok = document.execCommand('copy')
    } catch {
      ok = false
    }
  }
  $('copied').textContent = ok ? '已复制，可粘贴或照读' : '未能写入剪贴板：答复已选中，请按 Ctrl+C'
}

// ——— keys ———

q.addEventListener('input', () => {
  clearTimeout(state.searchTimer)
  state.searchTimer = setTimeout(() => (state.searching = search()), 60)
})

q.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault()
    settled().then(() => select(state.selected + (e.key === 'ArrowDown' ? 1 : -1)))
  } else if (e.key === 'Enter') {
    e.preventDefault()
    open()
  }
})

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    e.preventDefault()
    q.focus()
    q.select()
  } else if (e.altKey && e.code === 'KeyC') {
    e.preventDefault()
    copy()
  }
})

$('copy').addEventListener('click', copy)
$('facts').addEventListener('submit', (e) => e.preventDefault())
window.addEventListener('load', () => q.focus())
