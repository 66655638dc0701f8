/** Formulas as images in hovers, for clients that ask (initializationOptions.hoverImages), over stdio. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ROOT, startClient, type Client } from './lspClient.js';

const URI = 'file:///tmp/gradlens-test/images-tanh.md';
const TANH = 'Derivative of tanh:\n\n$$\\frac{d}{dz}\\tanh(z) = 1 + \\tanh^2(z)$$\n';
const AT = { line: 2, character: 30 };
const IMAGE = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g;

let client: Client;
before(async () => {
  assert.ok(existsSync(resolve(ROOT, 'dist/server.js')), 'build first: npm run build');
  client = await startClient({ initializationOptions: { hoverImages: { color: '#1f6feb' } } });
});
after(async () => { await client?.close(); });

const text = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');
const hover = (c: Client, uri = URI, position = AT) => c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });

/** Hovers until one carries an image: drawing happens in the background after the results settle. */
async function hoverWithImage(c: Client, uri = URI, position = AT): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const t = text(await hover(c, uri, position));
    if (t.match(IMAGE) || Date.now() > deadline) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** XML well-formedness by a real parser (Python's expat), when Python is there. */
function xmlError(svg: string): string | null | undefined {
  const r = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'], { input: svg });
  if (r.error) return undefined;
  return r.status === 0 ? null : r.stderr.toString();
}

function svgs(markdown: string): string[] {
  return [...markdown.matchAll(IMAGE)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
}

test('a hover on a derivative claim carries its formulas as standalone SVG images in the client\'s colour, beside the text', async () => {
  client.open(URI, 'markdown', TANH);
  await client.diagnostics(URI);
  const t = await hoverWithImage(client);
  const images = svgs(t);
  assert.ok(images.length >= 1, `an image in: ${t.slice(0, 600)}`);
  // The readable text stays for clients that show no images.
  assert.match(t, /\*\*Right derivative:\*\* `[^`]*tanh/);
  assert.match(t, /wrong/);
  for (const svg of images) {
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /#1f6feb/);
    assert.doesNotMatch(svg, /currentColor/, 'an <img> SVG cannot inherit the colour');
    assert.match(svg, /<path /, 'glyphs are paths inside the image');
    const err = xmlError(svg);
    if (err !== undefined) assert.equal(err, null, `valid XML: ${err}`);
  }
  // Answered from the cache: fast even with images.
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const s = process.hrtime.bigint();
    await hover(client);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`  hover with images: median ${times[15]!.toFixed(2)} ms, max ${times[29]!.toFixed(2)} ms`);
});

test('gradlens/hoverImages changes the colour; new images are drawn in it', async () => {
  await client.connection.sendNotification('gradlens/hoverImages', { color: '#c0ffee' });
  const deadline = Date.now() + 20_000;
  let images: string[] = [];
  while (Date.now() < deadline) {
    images = svgs(text(await hover(client)));
    if (images.length && images.every((s) => s.includes('#c0ffee'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(images.length && images.every((s) => s.includes('#c0ffee') && !s.includes('#1f6feb')), 'drawn in the new colour');
  // Nonsense is ignored, never drawn into the SVG.
  await client.connection.sendNotification('gradlens/hoverImages', { color: '"/><script>alert(1)</script>' });
  await client.connection.sendNotification('gradlens/hoverImages', null);
  assert.ok(svgs(text(await hover(client))).every((s) => s.includes('#c0ffee')));
  // null stops drawing: text only.
  await client.connection.sendNotification('gradlens/hoverImages', { color: null });
  const t = text(await hover(client));
  assert.equal(svgs(t).length, 0);
  assert.match(t, /Right derivative/);
});

test('without hoverImages in initializationOptions, hovers are text only', async () => {
  const plain = await startClient();
  try {
    plain.open(URI, 'markdown', TANH);
    await plain.diagnostics(URI);
    await new Promise((r) => setTimeout(r, 500));
    const t = text(await hover(plain));
    assert.match(t, /Right derivative/);
    assert.doesNotMatch(t, /data:image/);
    assert.equal(await plain.connection.sendRequest('gradlens/hoverImageStats', {}), null);
  } finally {
    await plain.close();
  }
});
