// The web portal in a real browser (Debian's chromium, driven by playwright-core; no browser is downloaded):
// anna (Gemeente Voorbeeldstad) logs in at Keycloak, composes a saldoverzoek to Voorbeeld Energie, sees the field error
// for an invalid BSN, corrects it and sends; erik (Voorbeeld Energie) logs in, finds it in his inbox and answers with a
// saldoverzoek-antwoord; anna sees the answer and the status of what she sent. Also: a form post without the CSRF token
// fails, and another participant's message cannot be opened by URL (404). anna follows her sent messages on
// "Verzonden", uploads a CSV of saldoverzoeken with exactly 3 bad lines (reported, nothing sent), then the corrected
// file (every line sent), and downloads her inbox as CSV. A screenshot of every page goes to SCREENSHOT_DIR, and
// axe-core (npm, injected into the page) checks every portal page: any serious or critical violation fails the run.
// The organisation's key lives in the browser (ADR 0042): the demo organisations start with keys their users made
// (the local stack's demo-users/, wrapped under PASSPHRASE_ERIK for the hub); anna sets up a new key for hers (the
// recovery file holds only the wrapped key), erik unlocks his with the passphrase and reads anna's saldoverzoek decrypted in his browser (the page the
// server sends never holds its content), a second browser of erik's must unlock the key with the passphrase (a wrong
// one, typed with the keyboard alone, shows a Dutch message and nothing of the message), and logging out forgets a key
// the user did not ask the device to remember.
// Exits non-zero on the first failed expectation.
//
// Environment: PORTAL_URL (default http://localhost:8080), CHROMIUM (default /usr/bin/chromium),
// SCREENSHOT_DIR (default ./screenshots), KEY_DIR (default ./keys: anna's recovery file, anna.json),
// PASSPHRASE_ANNA and PASSPHRASE_ERIK (the organisations' passphrases).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const PORTAL = (process.env.PORTAL_URL || 'http://localhost:8080').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || 'screenshots';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const DOSSIER = `SHV-BROWSER-${Date.now()}`;
const ENERGIE_OIN = '00000003123456780000';
const PASSPHRASES = { anna: process.env.PASSPHRASE_ANNA || 'gemeente-sleutel-wachtwoord-2026',
  erik: process.env.PASSPHRASE_ERIK || 'energie-sleutel-wachtwoord-2026' };
const KEYS = process.env.KEY_DIR || 'keys';

mkdirSync(SHOTS, { recursive: true });
mkdirSync(KEYS, { recursive: true });
const profiles = [];
const contexts = [];
let shot = 0;

function expect(condition, message) {
  if (!condition) {
    throw new Error(`expectation failed: ${message}`);
  }
}

const checkedPages = [];

/** Runs axe-core in the page (WCAG 2.0/2.1 A and AA rules); fails on any serious or critical violation. */
async function accessible(page, name) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) {
    console.log(`axe ${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
  }
  expect(serious.length === 0, `no serious or critical accessibility violations on ${name}: `
    + serious.map((v) => `${v.id} at ${v.nodes.join(', ')}`).join('; '));
  checkedPages.push(name);
}

async function screenshot(page, name) {
  shot += 1;
  const file = join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot ${file}`);
  if (page.url().startsWith(`${PORTAL}/portal`) && name !== 'failure') {
    await accessible(page, name);
  }
}

/** A CSV of saldoverzoeken to Voorbeeld Energie (by OIN); each line is [dossier, bsn, achternaam, postcode, oin?]. */
function bulkCsv(lines) {
  const header = 'ontvanger;referentieSchuldhulpverlener;peildatum;client.bsn;client.voorletters;client.achternaam;'
    + 'client.geboortedatum;client.adres.straat;client.adres.huisnummer;client.adres.postcode;client.adres.woonplaats';
  const rows = lines.map(([dossier, bsn, achternaam, postcode, oin]) => [oin || ENERGIE_OIN, dossier, yesterday(), bsn,
    'J.', achternaam, '1984-03-12', 'Dorpsstraat', '12', postcode, 'Voorbeeldstad'].join(';'));
  return Buffer.from(`${[header, ...rows].join('\n')}\n`, 'utf8');
}

/** Opens "Verzonden" until the message shows with one of the statuses (the events feed settles shortly). */
async function waitForSentRow(page, id, statuses) {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    await page.goto(`${PORTAL}/portal/verzonden`);
    const row = page.locator(`#verzonden tbody tr[data-id="${id}"]`);
    if (await row.count() > 0 && statuses.includes((await row.locator('.status').textContent()).trim())) {
      return row;
    }
    await page.waitForTimeout(1000);
  }
  throw new Error(`expectation failed: "Verzonden" shows message ${id} as one of ${statuses.join(', ')}`);
}

async function browserFor(user) {
  const profile = mkdtempSync(join(tmpdir(), `knooppunt-portal-${user}-`));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'nl-NL', viewport: { width: 1100, height: 900 },
  });
  contexts.push(context);
  return context;
}

async function login(context, user) {
  const page = context.pages()[0] || await context.newPage();
  await page.goto(`${PORTAL}/portal/inbox`);
  await page.waitForSelector('#username');
  await screenshot(page, `${user}-keycloak-login`);
  await page.fill('#username', user);
  await page.fill('#password', 'demo');
  await Promise.all([page.waitForURL(`${PORTAL}/portal/inbox**`), page.click('#kc-login')]);
  expect(await page.textContent('h1') === 'Inbox', `${user} lands on the inbox after login`);
  return page;
}

/** Reloads the inbox (filtered by type) until the message with the given id shows (delivery is asynchronous). */
async function waitForInboxRow(page, type, id) {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await page.goto(`${PORTAL}/portal/inbox?type=${type}`);
    const row = page.locator('table.berichten tbody tr', { has: page.locator(`a[href="/portal/bericht?id=${id}"]`) });
    if (await row.count() > 0) {
      return row.first();
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`expectation failed: the inbox shows message ${id}`);
}


/**
 * Sets up a new key for the organisation in this browser ("Nieuwe sleutel instellen": the organisation already has
 * the key its users made when the stack started; a new one is made, registered and wrapped exactly as at a first
 * setup): made here, only its wrapped form goes to the hub.
 */
async function setUpKey(page, user) {
  expect(await page.locator('#geen-sleutel').count() === 0,
    `${user}'s organisation has a key already (made on its users' side), so the inbox does not ask to set one up`);
  await page.goto(`${PORTAL}/portal/sleutel`);
  await page.waitForSelector('html[data-sleutel="klaar"]');
  expect((await page.textContent('#instellen h2')).includes('Nieuwe sleutel instellen'), 'the page offers a new key');
  await screenshot(page, `${user}-key-setup`);
  await page.fill('#sleutel-wachtwoord', PASSPHRASES[user]);
  await page.fill('#sleutel-herhaal', PASSPHRASES[user]);
  await page.click('button:has-text("Sleutel maken")');
  await page.waitForSelector('#herstel:not([hidden])', { timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#herstelbestand')]);
  const recovery = JSON.parse(readFileSync(await download.path(), 'utf8'));
  writeFileSync(join(KEYS, `${user}.json`), JSON.stringify(recovery));
  expect(recovery.wrappedKey.split('.').length === 5, 'the recovery file holds the wrapped key, a compact JWE');
  const header = JSON.parse(Buffer.from(recovery.wrappedKey.split('.')[0], 'base64url').toString('utf8'));
  expect(header.alg === 'PBES2-HS512+A256KW' && header.p2c >= 600000 && header.kid === recovery.kid,
    `the key is wrapped under the passphrase with PBES2-HS512+A256KW and 600,000 iterations: ${JSON.stringify(header)}`);
  expect(recovery.publicJwk.d === undefined && !JSON.stringify(recovery).includes('"d"'),
    'the recovery file holds no private key in clear');
  await screenshot(page, `${user}-key-set-up`);
  return recovery.kid;
}

/** Unlocks the organisation's key on this device with the passphrase its users share. */
async function unlockKey(page, user) {
  await page.goto(`${PORTAL}/portal/sleutel`);
  await page.waitForSelector('html[data-sleutel="klaar"]');
  await screenshot(page, `${user}-key-unlock`);
  await page.fill('#wachtwoord', PASSPHRASES[user]);
  await page.click('button:has-text("Ontgrendelen")');
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const held = await heldKeys(page).catch(() => ({}));
    if (Object.keys(held).length > 0) {
      expect(Object.values(held).flat().every((k) => k.endsWith(':false')),
        `${user}'s browser holds the unlocked key, not extractable: ${JSON.stringify(held)}`);
      return held;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`expectation failed: ${user}'s passphrase unlocks the organisation's key`);
}

/** Keys the browser holds in IndexedDB for any participant: { participant: [kid, ...] }. */
async function heldKeys(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('knooppunt', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('sleutels', { keyPath: 'participant' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('sleutels').objectStore('sleutels').getAll();
      all.onsuccess = () => resolve(Object.fromEntries(all.result.map((e) => [e.participant, Object.keys(e.keys)
        .map((kid) => `${kid}:${e.keys[kid].extractable}`)])));
      all.onerror = () => reject(all.error);
    };
  }));
}

/** Waits until the message page has decrypted its content in the browser (or shown why it cannot). */
async function opened(page) {
  await page.waitForSelector('html[data-sleutel="klaar"]', { timeout: 60000 });
  return (await page.getAttribute('#bericht-inhoud', 'data-geopend')) === 'ja';
}

function yesterday() {
  const d = new Date(Date.now() - 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

async function run() {
  // --- anna composes a saldoverzoek ---
  const annaContext = await browserFor('anna');
  const anna = await login(annaContext, 'anna');
  await screenshot(anna, 'anna-inbox');
  const annaKid = await setUpKey(anna, 'anna');
  const annaHeld = await heldKeys(anna);
  expect(Object.values(annaHeld).flat().includes(`${annaKid}:false`),
    `anna's browser holds her organisation's key, not extractable: ${JSON.stringify(annaHeld)}`);

  // erik unlocks Voorbeeld Energie's key (made on its users' side) in his browser before anna writes to it
  const erikContext = await browserFor('erik');
  const erik = await login(erikContext, 'erik');
  expect(await erik.locator('#geen-sleutel').count() === 0, 'Voorbeeld Energie has a key: nothing to set up');
  await unlockKey(erik, 'erik');

  await anna.click('nav >> text=Nieuw bericht');
  await anna.fill('#zoek', 'Energie');
  await anna.click('button:has-text("Zoeken")');
  await screenshot(anna, 'anna-choose-recipient');
  await anna.click('a:has-text("Voorbeeld Energie")');
  await anna.check('input[value="schuldinventarisatie/saldoverzoek"]');
  await screenshot(anna, 'anna-choose-type');
  await anna.click('button:has-text("Verder")');
  expect(await anna.textContent('h1') === 'Saldoverzoek', 'the saldoverzoek form opens');

  await anna.fill('#veld-referentieSchuldhulpverlener', DOSSIER);
  await anna.fill('#veld-peildatum', yesterday());
  await anna.fill('#veld-client-bsn', '123456789');
  await anna.fill('#veld-client-voorletters', 'J.');
  await anna.fill('#veld-client-tussenvoegsel', 'de');
  await anna.fill('#veld-client-achternaam', 'Vries');
  await anna.fill('#veld-client-geboortedatum', '1984-03-12');
  await anna.fill('#veld-client-adres-straat', 'Dorpsstraat');
  await anna.fill('#veld-client-adres-huisnummer', '12');
  await anna.fill('#veld-client-adres-postcode', '1234 AB');
  await anna.fill('#veld-client-adres-woonplaats', 'Voorbeeldstad');
  await screenshot(anna, 'anna-saldoverzoek-form');
  const [rejected] = await Promise.all([anna.waitForNavigation(), anna.click('button:has-text("Versturen")')]);
  expect(rejected.status() === 422, `an invalid BSN is rejected with 422 (got ${rejected.status()})`);
  expect(await anna.getAttribute('#veld-client-bsn', 'aria-invalid') === 'true', 'the BSN field is marked invalid');
  const bsnField = anna.locator('.veld.fout', { has: anna.locator('#veld-client-bsn') });
  const bsnError = await bsnField.locator('.foutmelding').textContent();
  expect(/geen geldig burgerservicenummer/i.test(bsnError), `the error shows next to the BSN field: ${bsnError}`);
  expect(await anna.locator('.foutmelding').count() === 1, 'only the BSN field has an error');
  expect(await anna.inputValue('#veld-client-achternaam') === 'Vries', 'the input is kept after a rejection');
  expect(await anna.inputValue('#veld-client-bsn') === '123456789', 'the rejected value is kept to correct');
  expect(await anna.locator('.fouten a[href="#veld-client-bsn"]').count() === 1, 'the summary links to the field');
  await screenshot(anna, 'anna-bsn-error');

  // a form post without the CSRF token fails, even with a valid session
  const forged = await anna.evaluate(async () => {
    const form = new FormData();
    form.append('ontvanger', 'b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02');
    form.append('soort', 'schuldinventarisatie/saldoverzoek');
    form.append('/client/bsn', '999993653');
    const response = await fetch('/portal/opstellen', { method: 'POST', body: form, redirect: 'manual' });
    return response.status;
  });
  expect(forged === 400, `a post without the CSRF token is refused with 400 (got ${forged})`);

  await anna.fill('#veld-client-bsn', '999993653');
  await Promise.all([anna.waitForURL(`${PORTAL}/portal/verzonden?id=*`), anna.click('button:has-text("Versturen")')]);
  const sentUrl = anna.url();
  const sentId = new URL(sentUrl).searchParams.get('id');
  expect(/^[0-9a-f-]{36}$/.test(sentId), 'sending leads to the sent message page');
  await screenshot(anna, 'anna-sent');
  const listed = await waitForSentRow(anna, sentId, ['Geaccepteerd', 'Bezorgd', 'Opgehaald']);
  expect((await listed.textContent()).includes('Voorbeeld Energie'), 'the sent list names the recipient');
  await screenshot(anna, 'anna-sent-list');

  // --- erik reads it, decrypted in his browser, and answers ---
  const row = await waitForInboxRow(erik, 'saldoverzoek', sentId);
  const rowText = await row.textContent();
  expect(rowText.includes('Saldoverzoek') && rowText.includes('Gemeente Voorbeeldstad'),
    `erik sees the saldoverzoek from Gemeente Voorbeeldstad in his inbox: ${rowText}`);
  await screenshot(erik, 'erik-inbox');
  await row.locator('a').first().click();
  await erik.waitForURL(`${PORTAL}/portal/bericht?id=*`);
  expect(await opened(erik), 'erik\'s browser decrypts the saldoverzoek');
  expect((await erik.textContent('main')).includes(DOSSIER), 'erik reads the decrypted saldoverzoek');
  expect((await erik.textContent('#bericht-inhoud')).includes('Burgerservicenummer')
    || (await erik.textContent('#bericht-inhoud')).includes('999993653'), 'the fields show with their labels');
  const served = await erik.evaluate(async () => (await fetch(window.location.href)).text());
  expect(!served.includes(DOSSIER) && !served.includes('999993653'),
    'the page the server sends holds no content of the message, only its ciphertext');
  await screenshot(erik, 'erik-message');

  // --- a second browser of erik's holds no key: the message stays closed until the passphrase unlocks it ---
  const erik2Context = await browserFor('erik-2');
  const erik2 = await login(erik2Context, 'erik');
  await erik2.goto(erik.url());
  expect(!(await opened(erik2)), 'a browser without the key shows nothing of the message');
  expect(await erik2.isVisible('#vergrendeld') && !(await erik2.textContent('main')).includes(DOSSIER),
    'it says the key must be unlocked, and shows no content');
  await screenshot(erik2, 'erik2-message-locked');
  await erik2.click('#vergrendeld a');
  await erik2.waitForURL(`${PORTAL}/portal/sleutel**`);
  await erik2.waitForSelector('html[data-sleutel="klaar"]');
  // a wrong passphrase, with the keyboard alone
  let focused = '';
  for (let i = 0; i < 40 && focused !== 'wachtwoord'; i += 1) {
    await erik2.keyboard.press('Tab');
    focused = await erik2.evaluate(() => document.activeElement && document.activeElement.id);
  }
  expect(focused === 'wachtwoord', 'the passphrase field is reached with Tab');
  await erik2.keyboard.type('niet-het-goede-wachtwoord');
  await erik2.keyboard.press('Enter');
  await erik2.waitForSelector('#ontgrendelen-fout:not([hidden])', { timeout: 60000 });
  const wrong = await erik2.textContent('#ontgrendelen-fout');
  expect(/wachtwoord klopt niet/i.test(wrong), `a wrong passphrase gets a clear Dutch message: ${wrong}`);
  expect(await erik2.evaluate(() => document.activeElement.id) === 'ontgrendelen-fout', 'the message takes focus');
  expect(Object.keys(await heldKeys(erik2)).length === 0, 'a wrong passphrase unlocks nothing');
  expect(!(await erik2.textContent('main')).includes(DOSSIER), 'a wrong passphrase shows nothing of the message');
  await screenshot(erik2, 'erik2-wrong-passphrase');
  await erik2.fill('#wachtwoord', PASSPHRASES.erik);
  await Promise.all([erik2.waitForURL(`${PORTAL}/portal/bericht?id=*`, { timeout: 60000 }),
    erik2.click('button:has-text("Ontgrendelen")')]);
  expect(await opened(erik2), 'after unlocking, the second browser decrypts the message');
  expect((await erik2.textContent('main')).includes(DOSSIER), 'erik reads it in his second browser');
  await screenshot(erik2, 'erik2-message-unlocked');

  // another participant's message cannot be opened by URL
  const messageUrl = erik.url();
  const foreign = await erik.goto(`${PORTAL}/portal/verzonden?id=${sentId}`);
  expect(foreign.status() === 404, `erik cannot see anna's sent message (got ${foreign.status()})`);
  await screenshot(erik, 'erik-foreign-message-404');
  await erik.goto(messageUrl);

  await erik.click('a:has-text("Antwoord: Saldoverzoek antwoord")');
  await erik.waitForSelector('html[data-sleutel="klaar"]', { timeout: 60000 });
  expect(await erik.inputValue('#veld-referentieSchuldhulpverlener') === DOSSIER,
    'the answer is pre-filled with the reference of the request');
  await erik.fill('#veld-vorderingen-0-referentieSchuldeiser', 'KL-88213-2026-07');
  await erik.selectOption('#veld-vorderingen-0-soortSchuld', 'Nuts');
  await erik.fill('#veld-vorderingen-0-omschrijving', 'Eindafrekening energie');
  await erik.fill('#veld-vorderingen-0-hoofdsomInCenten', '84250');
  await erik.fill('#veld-vorderingen-0-saldoInCenten', '84250');
  await erik.fill('#veld-totaalSaldoInCenten', '84250');
  await screenshot(erik, 'erik-answer-form');
  await Promise.all([erik.waitForURL(`${PORTAL}/portal/verzonden?id=*`), erik.click('button:has-text("Versturen")')]);
  const answerId = new URL(erik.url()).searchParams.get('id');
  await screenshot(erik, 'erik-answer-sent');
  const notHis = await erik.goto(`${PORTAL}/portal/bericht?id=${answerId}`);
  expect(notHis.status() === 404, `erik cannot open a message in anna's inbox (got ${notHis.status()})`);

  // --- anna sees the answer and the status of her saldoverzoek ---
  const answer = await waitForInboxRow(anna, 'saldoverzoek-antwoord', answerId);
  const answerText = await answer.textContent();
  expect(answerText.includes('Saldoverzoek antwoord') && answerText.includes('Voorbeeld Energie'),
    `anna sees the answer from Voorbeeld Energie in her inbox: ${answerText}`);
  await screenshot(anna, 'anna-inbox-with-answer');
  await answer.locator('a').first().click();
  await anna.waitForURL(`${PORTAL}/portal/bericht?id=*`);
  expect(await opened(anna), 'anna\'s browser decrypts the answer');
  expect((await anna.textContent('main')).includes('Eindafrekening energie'), 'anna reads the decrypted answer');
  await screenshot(anna, 'anna-answer');

  await anna.goto(sentUrl);
  const status = (await anna.textContent('#status')).trim();
  expect(['Opgehaald', 'Bevestigd'].includes(status), `anna's saldoverzoek was fetched by erik (status ${status})`);
  await screenshot(anna, 'anna-sent-status');
  await waitForSentRow(anna, sentId, ['Opgehaald', 'Bevestigd']);
  await screenshot(anna, 'anna-sent-list-fetched');

  // --- bulk: a file with exactly 3 bad lines is reported line by line and nothing is sent ---
  await anna.click('nav >> text=Bulk');
  await screenshot(anna, 'anna-bulk');
  const tag = Date.now();
  const badFile = bulkCsv([
    [`BULK-${tag}-1`, '999993653', 'Vries', '1234 AB'],
    [`BULK-${tag}-2`, '123456789', 'Vries', '1234 AB'],
    [`BULK-${tag}-3`, '999993653', 'Jansen', '1234 AB'],
    [`BULK-${tag}-4`, '999993653', 'Bakker', '1234 AB', '00000009999999990000'],
    [`BULK-${tag}-5`, '999993653', '', '0123 AB'],
  ]);
  await anna.setInputFiles('#bulk-bestand', { name: 'saldoverzoeken.csv', mimeType: 'text/csv', buffer: badFile });
  const [checked] = await Promise.all([anna.waitForNavigation(), anna.click('button:has-text("Controleren en versturen")')]);
  expect(checked.status() === 422, `a file with bad lines is refused with 422 (got ${checked.status()})`);
  const badLines = await anna.locator('#foute-regels tbody tr td:first-child').allTextContents();
  expect(JSON.stringify(badLines) === JSON.stringify(['3', '5', '6']),
    `exactly the 3 bad lines are reported: ${badLines}`);
  expect((await anna.textContent('#fouten h2')).includes('Er is niets verstuurd'), 'nothing was sent');
  expect(await anna.locator('#resultaat').count() === 0, 'no line has a send result');
  await screenshot(anna, 'anna-bulk-bad-lines');

  const goodFile = bulkCsv([
    [`BULK-${tag}-1`, '999993653', 'Vries', '1234 AB'],
    [`BULK-${tag}-2`, '999993653', 'Vries', '1234 AB'],
  ]);
  await anna.setInputFiles('#bulk-bestand', { name: 'saldoverzoeken.csv', mimeType: 'text/csv', buffer: goodFile });
  const [sentAll] = await Promise.all([anna.waitForNavigation(), anna.click('button:has-text("Controleren en versturen")')]);
  expect(sentAll.status() === 200, `a clean file is sent (got ${sentAll.status()})`);
  const results = await anna.locator('#resultaat tbody tr td:last-child').allTextContents();
  expect(results.length === 2 && results.every((r) => r.trim() === 'Verstuurd'), `every line is sent: ${results}`);
  await screenshot(anna, 'anna-bulk-sent');

  // --- the inbox as CSV, formulas defused ---
  const download = await anna.evaluate(async () => {
    const response = await fetch('/portal/inbox.csv');
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  });
  expect(download.status === 200 && download.type.startsWith('text/csv'),
    `the inbox downloads as CSV (got ${download.status} ${download.type})`);
  const csv = download.text;
  expect(csv.replace(/^\uFEFF/, '').startsWith('kenmerk;module;soort;titel;afzender'), 'the CSV has a header row');
  expect(csv.includes(answerId) && csv.includes('Voorbeeld Energie'), 'the CSV lists the answer in the inbox');

  await anna.goto(`${PORTAL}/portal/bericht?id=${answerId}`);
  await Promise.all([anna.waitForURL(`${PORTAL}/portal/inbox?*`), anna.click('button:has-text("Ontvangst bevestigen")')]);
  expect((await anna.textContent('main')).includes('bevestigd'), 'acknowledging returns to the inbox with a notice');
  await screenshot(anna, 'anna-acknowledged');

  await Promise.all([anna.waitForURL(`${PORTAL}/portal/afgemeld**`), anna.click('button:has-text("Afmelden")')]);
  await screenshot(anna, 'anna-logged-out');
  expect(Object.keys(await heldKeys(anna)).length === 0, 'logging out forgets the key (the device was not remembered)');
  await anna.goto(`${PORTAL}/portal/inbox`);
  expect(await anna.locator('#username').count() === 1, 'after logout the portal asks for a login again');
}

let failed = false;
try {
  await run();
  console.log(`axe-core found no serious or critical violations on ${checkedPages.length} pages`);
  console.log('portal browser scenario passed');
} catch (error) {
  failed = true;
  console.error(error.stack || String(error));
  for (const context of contexts) {
    for (const page of context.pages()) {
      try {
        console.error(`page at failure: ${page.url()}`);
        await screenshot(page, 'failure');
      } catch (ignored) {
        // the page may already be gone
      }
    }
  }
} finally {
  for (const context of contexts) {
    await context.close().catch(() => {});
  }
  for (const profile of profiles) {
    rmSync(profile, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
