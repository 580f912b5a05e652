// Reads the emails the server wrote as .eml files (no SMTP configured in end-to-end runs).
const fs = require('fs');
const path = require('path');

function decodeBody(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = (/content-transfer-encoding:\s*([\w-]+)/i.exec(headers) || [])[1] || '';
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Waits for an email to `to` whose body matches `pattern`, returns the first link in it. */
async function waitForLink(to, pattern, timeoutMs = 20_000) {
  const dir = process.env.MAILLON_MAIL_DIR;
  if (!dir) throw new Error('MAILLON_MAIL_DIR is not set');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    const matches = files
      .map((f) => path.join(dir, f))
      .map((f) => ({ f, raw: fs.readFileSync(f, 'utf8'), mtime: fs.statSync(f).mtimeMs }))
      .filter(({ raw }) => raw.toLowerCase().includes(to.toLowerCase()))
      .map(({ raw, mtime }) => ({ body: decodeBody(raw), mtime }))
      .filter(({ body }) => pattern.test(body))
      .sort((a, b) => b.mtime - a.mtime);
    if (matches.length > 0) {
      const link = /https?:\/\/\S+/.exec(matches[0].body);
      if (link) return new URL(link[0]).pathname + new URL(link[0]).search;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no email to ${to} matching ${pattern}`);
}

module.exports = { waitForLink };
