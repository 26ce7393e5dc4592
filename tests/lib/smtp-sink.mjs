// A stand-in SMTP relay for tests: aiosmtpd (tests/lib/smtp_sink.py, run
// with Debian's /usr/bin/python3) on 127.0.0.1, each accepted message a
// file, parsed here into decoded text and attachments.
//
//   import { startSmtpSink } from '../lib/smtp-sink.mjs';
//   const sink = await startSmtpSink();            // a free port
//   const srv = await startServer({ args: ['--smtp-url', sink.url] });
//   const m = await sink.waitFor((m) => m.to.includes('x@example.org'), 10000);
//   // m: { to: [envelope recipients], from (From header, decoded), subject
//   //      (decoded), text (decoded text/plain body, LF line ends), headers ({ lower-case
//   //      name: value }, first of each), attachments: [{ filename,
//   //      contentType, content (Buffer) }], raw (as received), file }
//   sink.messages();                               // all received so far
//   sink.reject('451 4.3.0 try later');            // refuse every RCPT ...
//   sink.reject(null);                             // ... until this
//   await sink.stop();
//
// startSmtpSink({ port, dir, auth }): listen on a given port (to bring a
// relay back where a server expects it), keep messages in a given
// directory (left in place by stop(); messages() then covers every run),
// demand AUTH with auth: { user, password }.
//
// parseMessage(raw) parses any RFC 5322 message (e.g. a spooled .eml);
// readable(raw) is its header block as sent, a blank line and the decoded
// text, for tests that search a spooled message for a link or a phrase.
// Nothing is printed on stdout, so TAP output stays clean.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
  }
});

/** Header block -> [[name, value]] with folded lines joined. */
function parseHeaderBlock(block) {
  const out = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length) out[out.length - 1][1] += line.replace(/^[ \t]+/, ' ');
    else {
      const i = line.indexOf(':');
      if (i > 0) out.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
    }
  }
  return out;
}

function splitHeadBody(buf) {
  const s = buf.toString('latin1');
  let i = s.indexOf('\r\n\r\n');
  let sep = 4;
  const j = s.indexOf('\n\n');
  if (i < 0 || (j >= 0 && j < i)) { i = j; sep = 2; }
  if (i < 0) return { head: s, body: Buffer.alloc(0) };
  return { head: s.slice(0, i), body: buf.subarray(i + sep) };
}

/** Decodes quoted-printable to bytes. */
export function decodeQuotedPrintable(text) {
  const s = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded-words (B and Q, any charset Node knows). */
export function decodeWords(value) {
  // Whitespace between two encoded-words is not part of the text.
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  const bytes = [];
  let charset = 'utf-8';
  const parts = [];
  let last = 0;
  const re = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;
  let m;
  const flush = () => {
    if (bytes.length) parts.push(new TextDecoder(charset).decode(Buffer.from(bytes)));
    bytes.length = 0;
  };
  while ((m = re.exec(joined))) {
    if (m.index > last) { flush(); parts.push(joined.slice(last, m.index)); }
    // Adjacent words are decoded together: a character may be split
    // across words by a sloppy sender.
    if (m[1].toLowerCase() !== charset) { flush(); charset = m[1].toLowerCase(); }
    const data = m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64')
      : decodeQuotedPrintable(m[3].replace(/_/g, ' '));
    bytes.push(...data);
    last = re.lastIndex;
  }
  flush();
  parts.push(joined.slice(last));
  return parts.join('');
}

/** 'type/sub; a="b"; c*=UTF-8''%C3%A4' -> { type, params } (RFC 2231 too). */
function parseParams(value) {
  const [type, ...rest] = value.split(';');
  const params = {};
  const re = /;\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  let m;
  const s = ';' + rest.join(';');
  while ((m = re.exec(s))) {
    let name = m[1].toLowerCase();
    let v = m[2].trim();
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name.endsWith('*')) {
      name = name.slice(0, -1);
      const mm = /^([^']*)'[^']*'(.*)$/.exec(v);
      if (mm) v = new TextDecoder(mm[1] || 'utf-8').decode(Buffer.from(mm[2].replace(/%([0-9A-Fa-f]{2})/g,
        (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
    } else v = decodeWords(v);
    params[name] = v;
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(body, cte) {
  switch ((cte || '7bit').toLowerCase()) {
    case 'base64': return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable': return decodeQuotedPrintable(body.toString('latin1'));
    default: return body;
  }
}

/** Walks a MIME entity; collects the first text/plain and the attachments. */
function walk(buf, out) {
  const { head, body } = splitHeadBody(buf);
  const h = Object.fromEntries(parseHeaderBlock(head).reverse());
  const ct = parseParams(h['content-type'] || 'text/plain; charset=us-ascii');
  if (ct.type.startsWith('multipart/') && ct.params.boundary) {
    const delim = `--${ct.params.boundary}`;
    const s = body.toString('latin1');
    const pieces = s.split(new RegExp(`(?:^|\\r?\\n)${delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // pieces[0] is the preamble; the last begins with "--" (the end).
    for (const p of pieces.slice(1)) {
      if (p.startsWith('--')) break;
      walk(Buffer.from(p.replace(/^[ \t]*\r?\n/, ''), 'latin1'), out);
    }
    return;
  }
  const disp = h['content-disposition'] ? parseParams(h['content-disposition']) : null;
  const data = decodeBody(body, h['content-transfer-encoding']);
  const filename = disp?.params.filename ?? ct.params.name;
  if ((disp && disp.type === 'attachment') || filename) {
    out.attachments.push({ filename, contentType: ct.type, content: data, headers: h });
  } else if (ct.type === 'text/plain' && out.text === null) {
    // Line ends as the application wrote them (SMTP carries CRLF).
    out.text = new TextDecoder(ct.params.charset || 'utf-8').decode(data).replace(/\r\n/g, '\n');
    out.textHeaders = h;
  }
}

/** Parses a whole message (Buffer or string). */
export function parseMessage(raw) {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  const { head } = splitHeadBody(buf);
  const list = parseHeaderBlock(head);
  const headers = {};
  for (const [k, v] of list) if (!(k in headers)) headers[k] = v;
  const out = { text: null, textHeaders: null, attachments: [] };
  walk(buf, out);
  const envTo = headers['x-sink-rcpt-to'];
  return {
    to: envTo !== undefined ? envTo.split(',').map((x) => x.trim()).filter(Boolean)
      : (headers.to || '').split(',').map((x) => x.trim()).filter(Boolean),
    envelopeFrom: headers['x-sink-mail-from'] ?? null,
    from: decodeWords(headers.from || ''),
    subject: decodeWords(headers.subject || ''),
    messageId: headers['message-id'] ?? null,
    text: out.text ?? '',
    textHeaders: out.textHeaders,
    headers,
    headerList: list,
    attachments: out.attachments,
    raw: buf.toString('latin1'),
  };
}

/**
 * The message to `to` (with `subject`, when given) that a server without a
 * relay spooled in `dir` (tests/lib/server.mjs: `mail/` of the server's
 * directory on both backends), parsed; waits up to `ms` for the mail job
 * to write it. The outbox row itself keeps no body once sent, so a test
 * reads what was sent.
 */
export async function spooledMessage(dir, to, { subject, ms = 10000 } = {}) {
  const want = to.toLowerCase();
  const end = Date.now() + ms;
  for (;;) {
    let names = [];
    try { names = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort(); } catch { /* not made yet */ }
    for (const f of names) {
      const m = parseMessage(readFileSync(path.join(dir, f)));
      if (m.to.some((t) => t.toLowerCase() === want) && (subject === undefined || m.subject === subject)) return m;
    }
    if (Date.now() > end) throw new Error(`no message to ${to} spooled in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The header block as sent + CRLF CRLF + the decoded text part. */
export function readable(raw) {
  const s = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const i = s.indexOf('\r\n\r\n');
  return `${i < 0 ? s : s.slice(0, i)}\r\n\r\n${parseMessage(raw).text}`;
}

/** Starts the sink; see the top of this file. */
export async function startSmtpSink({ port = 0, dir, auth, timeout = 10000 } = {}) {
  const ownDir = !dir;
  const mdir = dir ?? mkdtempSync(path.join(tmpdir(), 'tukiverkko-smtp-'));
  const child = spawn('/usr/bin/python3', [path.join(here, 'smtp_sink.py'), mdir, String(port)],
    { stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(auth ? { SINK_AUTH: `${auth.user}:${auth.password}` } : {}) } });
  live.add(child);
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.setEncoding('utf8');
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => { live.delete(child); resolve({ code, sig }); }));
  const bound = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SMTP sink did not start within ${timeout} ms:\n${stderr}`)), timeout);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /READY (\d+)/.exec(stdout);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    exited.then(({ code, sig }) => { clearTimeout(timer); reject(new Error(`SMTP sink exited (${code ?? sig}):\n${stderr}`)); });
  });

  const cache = new Map();
  const messages = () => {
    const files = readdirSync(mdir).filter((f) => f.endsWith('.eml')).sort();
    return files.map((f) => {
      if (!cache.has(f)) cache.set(f, { ...parseMessage(readFileSync(path.join(mdir, f))), file: f });
      return cache.get(f);
    });
  };
  let stopped = false;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    dir: mdir,
    messages,
    async waitFor(pred, ms = 10000) {
      const end = Date.now() + ms;
      for (;;) {
        const hit = messages().find(pred);
        if (hit) return hit;
        if (Date.now() > end) {
          const seen = messages().map((m) => `  to ${m.to.join(',')}: ${m.subject}`).join('\n') || '  (none)';
          throw new Error(`no matching message in the SMTP sink within ${ms} ms; received:\n${seen}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    reject(reply) {
      const f = path.join(mdir, '.reject');
      if (reply) writeFileSync(f, reply);
      else rmSync(f, { force: true });
    },
    stderr: () => stderr,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
      if (ownDir) rmSync(mdir, { recursive: true, force: true });
    },
  };
}
