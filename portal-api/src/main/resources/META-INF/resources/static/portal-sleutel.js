// The organisation's key in the browser (ADR 0042). The key pair is made here with Web Crypto (EC P-256 for
// ECDH-ES+A256KW); the hub gets the public key and the private key wrapped as a JWE under the organisation's passphrase
// (PBES2-HS512+A256KW), never the passphrase. Unwrapped, the key lives only as a non-extractable CryptoKey in this
// browser's IndexedDB, until logout unless the user chose "Dit apparaat onthouden". Messages are decrypted and shown
// here; the server never renders an incoming message's content. All JOSE work is npm jose's.
import {
  CompactEncrypt, compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK,
} from '/static/jose/index.js';

const P2C = 600000;
const MIN_PASSPHRASE = 12;
const DB = 'knooppunt';
const STORE = 'sleutels';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'participant' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transaction(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result.result);
    tx.onerror = () => reject(tx.error);
  });
}

/** The keys of the participant held on this device: { remember, keys: { kid: CryptoKey } }, or undefined. */
async function held(participant) {
  return transaction('readonly', (store) => store.get(participant));
}

async function hold(participant, kid, key, remember) {
  const current = (await held(participant)) || { participant, keys: {}, remember: false };
  current.keys[kid] = key;
  current.remember = current.remember || remember;
  await transaction('readwrite', (store) => store.put(current));
}

/** At logout: forget every key the user did not ask this device to remember. */
async function forgetUnremembered() {
  const all = await transaction('readonly', (store) => store.getAll());
  for (const entry of all || []) {
    if (!entry.remember) {
      await transaction('readwrite', (store) => store.delete(entry.participant));
    }
  }
}

/** Imports a private JWK as a non-extractable CryptoKey for ECDH-ES+A256KW. */
function nonExtractable(jwk) {
  return importJWK(jwk, 'ECDH-ES+A256KW', { extractable: false });
}

async function wrap(privateJwk, kid, passphrase) {
  return new CompactEncrypt(encoder.encode(JSON.stringify(privateJwk)))
    .setProtectedHeader({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', kid, cty: 'jwk+json' })
    .setKeyManagementParameters({ p2c: P2C })
    .encrypt(encoder.encode(passphrase));
}

/** Unwraps a wrapped key; throws when the passphrase is wrong. */
async function unwrap(jwe, passphrase) {
  const { plaintext } = await compactDecrypt(jwe, encoder.encode(passphrase), {
    keyManagementAlgorithms: ['PBES2-HS512+A256KW'], contentEncryptionAlgorithms: ['A256GCM'], maxPBES2Count: 2000000,
  });
  return JSON.parse(decoder.decode(plaintext));
}

function csrf() {
  const input = document.querySelector('#csrf input');
  return [input.name, input.value];
}

async function post(url, fields) {
  const body = new URLSearchParams(fields);
  body.append(...csrf());
  const response = await fetch(url, { method: 'POST', body, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`het knooppunt antwoordde ${response.status}`);
  }
}

function showError(id, text) {
  const box = document.getElementById(id);
  box.textContent = text;
  box.hidden = false;
  box.focus();
}

function wrappedKeys() {
  return JSON.parse(document.getElementById('ingepakte-sleutels').textContent);
}

async function setUp(root, form) {
  const participant = root.dataset.deelnemer;
  const passphrase = form.querySelector('#sleutel-wachtwoord').value;
  if (passphrase.length < MIN_PASSPHRASE) {
    showError('instellen-fout', `Kies een wachtwoord van minstens ${MIN_PASSPHRASE} tekens.`);
    return;
  }
  if (passphrase !== form.querySelector('#sleutel-herhaal').value) {
    showError('instellen-fout', 'De twee wachtwoorden zijn niet gelijk.');
    return;
  }
  const status = document.getElementById('instellen-bezig');
  status.textContent = 'De sleutel wordt gemaakt en afgesloten…';
  const kid = `${participant}-portal-${Date.now()}`;
  const { publicKey, privateKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ECDH-ES+A256KW', use: 'enc' };
  const wrappedKey = await wrap(privateJwk, kid, passphrase);
  try {
    await post('/portal/sleutel', { kid, publicJwk: JSON.stringify(publicJwk), wrappedKey });
  } catch (error) {
    status.textContent = '';
    showError('instellen-fout', `De sleutel kon niet worden opgeslagen (${error.message}). Probeer het opnieuw.`);
    return;
  }
  await hold(participant, kid, await nonExtractable(privateJwk), form.querySelector('#sleutel-onthouden').checked);
  const recovery = { participant, kid, wrappedKey, publicJwk, made: new Date().toISOString() };
  const link = document.getElementById('herstelbestand');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(recovery, null, 2)], { type: 'application/json' }));
  link.download = `knooppunt-sleutel-${kid}.json`;
  form.hidden = true;
  document.getElementById('herstel').hidden = false;
  document.getElementById('sleutel-op-apparaat').hidden = false;
  link.focus();
}

async function unlock(root, form) {
  const participant = root.dataset.deelnemer;
  const passphrase = form.querySelector('#wachtwoord').value;
  const status = document.getElementById('ontgrendelen-bezig');
  document.getElementById('ontgrendelen-fout').hidden = true;
  status.textContent = 'Bezig met ontgrendelen…';
  const unlocked = [];
  for (const { kid, jwe } of wrappedKeys()) {
    try {
      unlocked.push([kid, await nonExtractable(await unwrap(jwe, passphrase))]);
    } catch (ignored) {
      // a wrong passphrase (or a key wrapped under an older one): this key stays locked
    }
  }
  status.textContent = '';
  if (unlocked.length === 0) {
    form.querySelector('#wachtwoord').value = '';
    showError('ontgrendelen-fout', 'Het wachtwoord klopt niet. De sleutel is niet ontgrendeld en er wordt niets '
      + 'getoond. Controleer het wachtwoord en probeer het opnieuw.');
    return;
  }
  for (const [kid, key] of unlocked) {
    await hold(participant, kid, key, form.querySelector('#onthouden').checked);
  }
  window.location.assign(root.dataset.terug);
}

async function changePassphrase(root, form) {
  const oldPassphrase = form.querySelector('#oud-wachtwoord').value;
  const passphrase = form.querySelector('#nieuw-wachtwoord').value;
  if (passphrase.length < MIN_PASSPHRASE) {
    showError('wijzigen-fout', `Kies een nieuw wachtwoord van minstens ${MIN_PASSPHRASE} tekens.`);
    return;
  }
  if (passphrase !== form.querySelector('#nieuw-herhaal').value) {
    showError('wijzigen-fout', 'De twee nieuwe wachtwoorden zijn niet gelijk.');
    return;
  }
  const status = document.getElementById('wijzigen-bezig');
  status.textContent = 'De sleutel wordt opnieuw afgesloten…';
  let changed = 0;
  for (const { kid, jwe } of wrappedKeys()) {
    let jwk;
    try {
      jwk = await unwrap(jwe, oldPassphrase);
    } catch (ignored) {
      continue;
    }
    await post('/portal/sleutel/wachtwoord', { kid, wrappedKey: await wrap(jwk, kid, passphrase) });
    changed += 1;
  }
  status.textContent = '';
  if (changed === 0) {
    showError('wijzigen-fout', 'Het huidige wachtwoord klopt niet. Er is niets gewijzigd.');
    return;
  }
  window.location.reload();
}

/** The value at a JSON pointer, or undefined. */
function at(value, pointer) {
  let node = value;
  for (const part of pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (node === null || typeof node !== 'object' || !(part in node)) {
      return undefined;
    }
    node = node[part];
  }
  return node;
}

/** Decrypts a message's JWE with the key held on this device; null when this device holds no key for it. */
async function open(participant, jwe) {
  const { kid } = decodeProtectedHeader(jwe);
  const entry = await held(participant);
  const key = entry && entry.keys[kid];
  if (!key) {
    return null;
  }
  const { plaintext } = await compactDecrypt(jwe, key, {
    keyManagementAlgorithms: ['ECDH-ES+A256KW', 'ECDH-ES'], contentEncryptionAlgorithms: ['A256GCM'],
  });
  return JSON.parse(decoder.decode(plaintext));
}

/** Shows the fields of a message (label and value, groups as headings), laid out from the standard's schema. */
async function showMessage(root) {
  const fields = JSON.parse(document.getElementById('velden').textContent);
  const locked = document.getElementById('vergrendeld');
  let payload;
  try {
    payload = await open(root.dataset.deelnemer, root.dataset.jwe);
  } catch (error) {
    document.getElementById('onleesbaar').hidden = false;
    return;
  }
  if (payload === null) {
    locked.hidden = false;
    return;
  }
  let list = document.createElement('dl');
  list.className = 'inhoud';
  root.append(list);
  for (const field of fields) {
    if (field.heading) {
      const heading = document.createElement('h3');
      heading.textContent = field.label;
      root.append(heading);
      list = document.createElement('dl');
      list.className = 'inhoud';
      root.append(list);
      continue;
    }
    const value = at(payload, field.pointer);
    if (value === undefined || value === null || typeof value === 'object') {
      continue;
    }
    const term = document.createElement('dt');
    term.textContent = field.label;
    const description = document.createElement('dd');
    description.textContent = String(value);
    list.append(term, description);
  }
  root.dataset.geopend = 'ja';
}

/** An answer form: pre-fills the fields it shares with the request (its references), decrypted here. */
async function prefill(root) {
  let payload;
  try {
    payload = await open(root.dataset.deelnemer, root.dataset.jwe);
  } catch (error) {
    payload = null;
  }
  if (payload === null) {
    document.getElementById('vooraf-vergrendeld').hidden = false;
    return;
  }
  for (const input of document.querySelectorAll('form [name^="/"]')) {
    const value = at(payload, input.name);
    if (value !== undefined && value !== null && typeof value !== 'object' && input.value === '') {
      input.value = String(value);
    }
  }
  root.dataset.geopend = 'ja';
}

async function enhance() {
  const logout = document.querySelector('form[action="/portal/afmelden"]');
  if (logout) {
    logout.addEventListener('submit', (event) => {
      event.preventDefault();
      forgetUnremembered().finally(() => logout.submit());
    });
  }
  const root = document.getElementById('sleutel');
  if (root) {
    const entry = await held(root.dataset.deelnemer);
    const known = wrappedKeys().map((k) => k.kid);
    if (entry && known.some((kid) => entry.keys[kid])) {
      document.getElementById('sleutel-op-apparaat').hidden = false;
    }
    const forms = [['instellen', setUp], ['ontgrendelen', unlock], ['wachtwoord-wijzigen', changePassphrase]];
    for (const [id, handler] of forms) {
      const form = document.getElementById(id);
      if (form) {
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          handler(root, form).catch((error) => showError(`${id === 'wachtwoord-wijzigen' ? 'wijzigen' : id}-fout`,
            `Er ging iets mis: ${error.message}`));
        });
      }
    }
  }
  const message = document.getElementById('bericht-inhoud');
  if (message) {
    await showMessage(message);
  }
  const answer = document.getElementById('antwoord-op');
  if (answer) {
    await prefill(answer);
  }
}

enhance().finally(() => {
  document.documentElement.dataset.sleutel = 'klaar';
});
