// The web chat client: a plain WebSocket speaking botbuilder-adapter-web's JSON frames.
// Up: {type: 'message', text, user, channel, id}; the server replaces `user` with its own id,
// so who we are is the HttpOnly cookie, not anything this script says.
// Down: {type: 'message', text, replyTo}, replyTo being the id of the question it answers.
// Text is only ever set with textContent: nothing a person or the bot writes becomes markup.
'use strict'
;(function () {
  var log = document.getElementById('log')
  var form = document.getElementById('form')
  var input = document.getElementById('input')
  var status = document.getElementById('status')
  var socketUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat/socket'
  var REPLY_TIMEOUT_MS = 60000
  var socket = null
  var retryMs = 1000
  var outbox = [] // frames written while disconnected, sent on reconnect
  var waiting = {} // question id → {question, answer, sent, timer}

  function newId() {
    // crypto.randomUUID needs a secure context; getRandomValues does not
    var bytes = new Uint8Array(12)
    crypto.getRandomValues(bytes)
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1) }).join('')
  }

  function bubble(kind, text) {
    var el = document.createElement('div')
    el.className = 'msg ' + kind
    el.textContent = text
    log.appendChild(el)
    return el
  }

  function showStatus(text) {
    status.textContent = text
    status.hidden = !text
  }

  function settle(id, text, kind) {
    var w = waiting[id]
    if (!w) return false
    delete waiting[id]
    clearTimeout(w.timer)
    w.answer.textContent = text
    w.answer.className = 'msg ' + kind
    // the question at the top, its answer read from its first line
    log.scrollTop = w.question.offsetTop - 8
    return true
  }

  function send(text) {
    var id = newId()
    var question = bubble('user', text)
    var answer = bubble('bot pending', '正在查找…')
    log.scrollTop = log.scrollHeight
    var frame = JSON.stringify({ type: 'message', text: text, user: 'web', channel: 'websocket', id: id })
    var w = { question: question, answer: answer, sent: false }
    w.timer = setTimeout(function () { settle(id, '没有收到回复，请稍后重新发送。', 'bot failed') }, REPLY_TIMEOUT_MS)
    waiting[id] = w
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(frame)
      w.sent = true
    } else {
      outbox.push({ id: id, frame: frame })
    }
  }

  function open() {
    var ws = new WebSocket(socketUrl)
    socket = ws
    ws.addEventListener('open', function () {
      retryMs = 1000
      showStatus('')
      var queued = outbox
      outbox = []
      queued.forEach(function (q) {
        ws.send(q.frame)
        if (waiting[q.id]) waiting[q.id].sent = true
      })
    })
    ws.addEventListener('message', function (event) {
      var msg
      try { msg = JSON.parse(event.data) } catch (e) { return }
      if (!msg || msg.type !== 'message' || typeof msg.text !== 'string') return
      // a message the server pushed (an official's answer): say it arrived, or it is kept for next time
      if (typeof msg.pushId === 'string') ws.send(JSON.stringify({ type: 'ack', pushId: msg.pushId }))
      if (!settle(msg.replyTo, msg.text, 'bot')) {
        bubble('bot', msg.text)
        log.scrollTop = log.scrollHeight
      }
    })
    ws.addEventListener('close', function () {
      if (socket !== ws) return
      socket = null
      // a question sent on the lost connection may never be answered: say so instead of waiting
      Object.keys(waiting).forEach(function (id) {
        if (waiting[id].sent) settle(id, '连接中断，这条消息可能没有送达，请重新发送。', 'bot failed')
      })
      showStatus('连接已断开，正在重新连接…')
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 15000)
    })
  }

  function connect() {
    // renews the session cookie (or gets a new one if it expired) before the socket asks for it
    fetch('/chat/session', { cache: 'no-store', credentials: 'same-origin' })
      .catch(function () {})
      .then(open)
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault()
    var text = input.value.trim()
    if (!text) return
    input.value = ''
    send(text)
    input.focus()
  })

  connect()
})()
