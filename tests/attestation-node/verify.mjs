// An independent check of a SignOffBot deploy-check attestation, written from the formats' own specifications
// (DSSE v1, in-toto Statement v1, RFC 7517/7518/7638) with nothing but Node's standard library, so the host's
// signatures are shown to verify outside .NET too.
//
//   node verify.mjs <attestation.json> <jwks.json>
//
// <attestation.json>: a DSSE envelope, or a deploy-check answer holding one as "attestation".
// Exit 0: a signature verifies with a key of the set, and the payload is an in-toto Statement v1 of the deploy-check
// predicate; 1: it does not; 2: usage or an unreadable file.
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";

const PAYLOAD_TYPE = "application/vnd.in-toto+json";
const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
const PREDICATE_TYPE = "https://signoffbot.dev/deploy-check/v1";

function fail(code, message) {
  process.stderr.write(message + "\n");
  process.exit(code);
}

if (process.argv.length !== 4) {
  fail(2, "usage: node verify.mjs <attestation.json> <jwks.json>");
}

let file, jwks;
try {
  file = JSON.parse(readFileSync(process.argv[2], "utf8"));
  jwks = JSON.parse(readFileSync(process.argv[3], "utf8"));
} catch (e) {
  fail(2, `cannot read the files: ${e.message}`);
}

const envelope = file && typeof file === "object" && "attestation" in file ? file.attestation : file;
if (typeof envelope?.payloadType !== "string" || typeof envelope?.payload !== "string" || !Array.isArray(envelope?.signatures)) {
  fail(1, "not a DSSE envelope");
}
if (envelope.payloadType !== PAYLOAD_TYPE) {
  fail(1, `payloadType is ${envelope.payloadType}`);
}

// Base64 as DSSE writes it; a text that does not round-trip (changed padding bits, stray characters) is refused.
function strictBase64(text) {
  const bytes = Buffer.from(text, "base64");
  if (bytes.toString("base64") !== text) {
    throw new Error("not canonical base64");
  }
  return bytes;
}

// DSSE v1 pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes.
function pae(type, body) {
  const typeBytes = Buffer.from(type, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${typeBytes.length} `, "utf8"),
    typeBytes,
    Buffer.from(` ${body.length} `, "utf8"),
    body,
  ]);
}

// RFC 7638 thumbprint of an EC key: SHA-256 over the required members in lexical order, base64url.
function thumbprint(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical, "utf8").digest("base64url");
}

let payload;
try {
  payload = strictBase64(envelope.payload);
} catch {
  fail(1, "payload is not base64");
}

const keys = (Array.isArray(jwks?.keys) ? jwks.keys : []).filter((k) => k.kty === "EC" && k.crv === "P-256");
for (const key of keys) {
  if (key.kid !== undefined && key.kid !== thumbprint(key)) {
    fail(1, `key ${key.kid} is not named by its RFC 7638 thumbprint (${thumbprint(key)})`);
  }
}

const message = pae(envelope.payloadType, payload);
let signer = null;
for (const signature of envelope.signatures) {
  let sig;
  try {
    sig = strictBase64(signature.sig);
  } catch {
    continue;
  }
  for (const jwk of keys.filter((k) => !signature.keyid || k.kid === signature.keyid)) {
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: "jwk" });
    // ECDSA P-256 over SHA-256, the signature in ASN.1 DER as DSSE and sigstore write it.
    if (verify("sha256", message, { key: publicKey, dsaEncoding: "der" }, sig)) {
      signer = jwk;
      break;
    }
  }
  if (signer) {
    break;
  }
}
if (!signer) {
  fail(1, "no signature verifies with a key of the set");
}

let statement;
try {
  statement = JSON.parse(payload.toString("utf8"));
} catch {
  fail(1, "the payload is not JSON");
}
const subjectsOk = Array.isArray(statement.subject) && statement.subject.length > 0 && statement.subject.every(
  (s) => typeof s.name === "string" && s.digest && typeof s.digest === "object" && Object.keys(s.digest).length > 0
    && Object.values(s.digest).every((d) => typeof d === "string" && /^[0-9a-f]+$/.test(d)));
if (statement._type !== STATEMENT_TYPE || statement.predicateType !== PREDICATE_TYPE || !subjectsOk
  || typeof statement.predicate?.decision !== "string") {
  fail(1, "the payload is not an in-toto Statement v1 of the deploy-check predicate");
}

// The item subject's digest is the SHA-256 of its key in lower case.
const item = statement.predicate.item;
const itemDigest = createHash("sha256").update(String(item).toLowerCase(), "utf8").digest("hex");
if (!statement.subject.some((s) => s.name === item && s.digest.sha256 === itemDigest)) {
  fail(1, `no subject for ${item} with the digest of its key`);
}

process.stdout.write(`verified with key ${signer.kid}: ${item} on ${statement.predicate.infrastructure}, decision ${statement.predicate.decision}\n`);
