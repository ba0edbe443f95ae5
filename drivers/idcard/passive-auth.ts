/**
 * Passive authentication (ICAO 9303-11 §5.1, 9303-10 §4.6.2): EF.SOD is tag 77 around a CMS
 * SignedData whose content is the LDSSecurityObject (hash algorithm + one hash per data group),
 * signed by the Document Signer (DS) whose certificate is inside the SignedData. The DS
 * certificate must in turn be signed by a Country Signing CA (CSCA) that the kiosk trusts.
 *
 *   1. parse EF.SOD (@peculiar/asn1-cms), 2. verify the signer's signature over the signed
 *   attributes (messageDigest = hash of the LDSSecurityObject) with the DS certificate's key
 *   (node:crypto: RSA PKCS#1 v1.5, RSA-PSS, ECDSA in DER or plain r‖s), 3. compare the hash of
 *   every data group read with the LDSSecurityObject, 4. chain the DS certificate to a CSCA from
 *   the trust folder.
 *
 * Results: 'verified' | 'not-trusted' (hashes ok, signer not trusted) | 'hash-mismatch' (DGn) |
 * 'signature-invalid' | 'no-sod'. Never throws.
 */
import { createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ContentInfo, SignedData, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { constantTimeEqual } from './protocol/bytes';
import { decodeTlv, type Tlv } from './protocol/tlv';

export type PassiveAuthStatus = 'verified' | 'not-trusted' | 'hash-mismatch' | 'signature-invalid' | 'no-sod';

export interface PassiveAuthResult {
  status: PassiveAuthStatus;
  /** One English line: 'verified', 'hashes ok, signer not trusted', 'hash mismatch (DG13)', … */
  text: string;
  /** Data groups whose hash matched. */
  checked: number[];
  /** Data groups whose hash differs, or that the SOD has no hash for. */
  mismatched: number[];
  hashAlgorithm?: string | undefined;
  signatureAlgorithm?: string | undefined;
  /** The document signer and CSCA subjects (state authorities, not personal data). */
  signer?: string | undefined;
  csca?: string | undefined;
  /** Why, when not verified (English). */
  detail?: string | undefined;
}

export const OID = {
  ldsSecurityObject: '2.23.136.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

export const HASH_OIDS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithm OID → scheme and hash (undefined hash: the SignerInfo's digest algorithm). */
const SIG_OIDS: Readonly<Record<string, { scheme: 'rsa' | 'pss' | 'ecdsa' | 'ecdsa-plain'; hash?: string }>> = {
  [OID.rsaEncryption]: { scheme: 'rsa' },
  '1.2.840.113549.1.1.5': { scheme: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { scheme: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { scheme: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { scheme: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { scheme: 'rsa', hash: 'sha512' },
  [OID.rsaPss]: { scheme: 'pss' },
  [OID.ecPublicKey]: { scheme: 'ecdsa' },
  '1.2.840.10045.4.1': { scheme: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { scheme: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { scheme: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { scheme: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { scheme: 'ecdsa', hash: 'sha512' },
  // BSI TR-03111 ecdsa-plain-signatures (r ‖ s), used by some eMRTD signers.
  '0.4.0.127.0.7.1.1.4.1.1': { scheme: 'ecdsa-plain', hash: 'sha1' },
  '0.4.0.127.0.7.1.1.4.1.2': { scheme: 'ecdsa-plain', hash: 'sha224' },
  '0.4.0.127.0.7.1.1.4.1.3': { scheme: 'ecdsa-plain', hash: 'sha256' },
  '0.4.0.127.0.7.1.1.4.1.4': { scheme: 'ecdsa-plain', hash: 'sha384' },
  '0.4.0.127.0.7.1.1.4.1.5': { scheme: 'ecdsa-plain', hash: 'sha512' },
};

export class SodFormatError extends Error {
  override name = 'SodFormatError';
}

export interface ParsedSod {
  hashAlgorithm: string;
  /** DG number → hash. */
  hashes: Map<number, Uint8Array>;
  ldsVersion?: string;
  /** The LDSSecurityObject bytes (eContent). */
  content: Uint8Array;
  signedData: SignedData;
  /** The first signer's signed attributes as encoded ([0] IMPLICIT SET OF Attribute), when present. */
  signedAttrsRaw?: Uint8Array;
}

/** The raw [0] signedAttrs of the first SignerInfo, read from the SignedData DER itself. */
function rawSignedAttrs(signedDataDer: Uint8Array): Uint8Array | undefined {
  const sd = decodeTlv(signedDataDer, { exact: false });
  const infos = sd.children?.[sd.children.length - 1];
  const first = infos?.tag === 0x31 ? infos.children?.[0] : undefined;
  const attrs = first?.children?.find((c) => c.tag === 0xa0);
  if (!first || !attrs) return undefined;
  // Offsets of children are relative to the whole input.
  return signedDataDer.slice(attrs.offset, attrs.offset + attrs.totalLength);
}

function ab(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

function decodeOid(v: Uint8Array): string {
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i] as number;
    n = n * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = n < 40 ? 0 : n < 80 ? 1 : 2;
        parts.push(first, n - first * 40);
      } else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

function int(t: Tlv | undefined): number | undefined {
  if (!t || t.tag !== 0x02 || t.value.length === 0 || t.value.length > 4) return undefined;
  let v = 0;
  for (const b of t.value) v = v * 256 + b;
  return v;
}

/** Parses EF.SOD (77 ‖ ContentInfo). Throws SodFormatError. */
export function parseSod(bytes: Uint8Array): ParsedSod {
  try {
    const outer = decodeTlv(bytes, { exact: false });
    if (outer.tag !== 0x77) throw new SodFormatError('EF.SOD does not start with tag 77');
    const ci = AsnConvert.parse(ab(outer.value), ContentInfo);
    if (ci.contentType !== id_signedData) throw new SodFormatError('EF.SOD is not CMS SignedData');
    const sd = AsnConvert.parse(ci.content, SignedData);
    if (sd.encapContentInfo.eContentType !== OID.ldsSecurityObject) throw new SodFormatError('EF.SOD does not hold an LDSSecurityObject');
    const ec = sd.encapContentInfo.eContent;
    const contentBuf = ec?.single ? ec.single.buffer : ec?.any ? AsnConvert.parse(ec.any, OctetString).buffer : undefined;
    if (!contentBuf) throw new SodFormatError('EF.SOD has no content');
    const content = new Uint8Array(contentBuf);
    const lds = decodeTlv(content, { exact: false });
    const [version, alg, list, info] = lds.children ?? [];
    if (lds.tag !== 0x30 || int(version) === undefined || alg?.tag !== 0x30 || list?.tag !== 0x30) {
      throw new SodFormatError('LDSSecurityObject is not SEQUENCE { version, hashAlgorithm, dataGroupHashValues }');
    }
    const algOid = alg.children?.[0];
    if (algOid?.tag !== 0x06) throw new SodFormatError('LDSSecurityObject has no hash algorithm');
    const hashAlgorithm = HASH_OIDS[decodeOid(algOid.value)];
    if (!hashAlgorithm) throw new SodFormatError('LDSSecurityObject uses an unknown hash algorithm');
    const hashes = new Map<number, Uint8Array>();
    for (const entry of list.children ?? []) {
      const n = int(entry.children?.[0]);
      const h = entry.children?.[1];
      if (entry.tag !== 0x30 || n === undefined || h?.tag !== 0x04) throw new SodFormatError('a DataGroupHash entry is malformed');
      if (!hashes.has(n)) hashes.set(n, new Uint8Array(h.value));
    }
    const out: ParsedSod = { hashAlgorithm, hashes, content, signedData: sd };
    const raw = rawSignedAttrs(new Uint8Array(ci.content));
    if (raw) out.signedAttrsRaw = raw;
    const ldsVersion = info?.children?.[0];
    if (ldsVersion && (ldsVersion.tag === 0x13 || ldsVersion.tag === 0x0c)) out.ldsVersion = new TextDecoder().decode(ldsVersion.value);
    return out;
  } catch (e) {
    if (e instanceof SodFormatError) throw e;
    throw new SodFormatError(`EF.SOD cannot be parsed (${e instanceof Error ? e.name : 'error'})`);
  }
}

function nameText(cert: X509Certificate | undefined): string | undefined {
  return cert?.subject.replace(/\n/g, ', ');
}

function bytesEqual(a: ArrayBuffer, b: ArrayBuffer): boolean {
  return constantTimeEqual(new Uint8Array(a), new Uint8Array(b));
}

/** PSS parameters: SEQUENCE { [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength, [3] trailerField }. */
function pssParams(params: ArrayBuffer | null | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  if (params && params.byteLength > 0) {
    const seq = decodeTlv(new Uint8Array(params), { exact: false });
    for (const c of seq.children ?? []) {
      if (c.tag === 0xa0) {
        const oid = c.children?.[0]?.children?.[0];
        if (oid?.tag === 0x06) hash = HASH_OIDS[decodeOid(oid.value)] ?? hash;
      } else if (c.tag === 0xa2) {
        const n = int(c.children?.[0]);
        if (n !== undefined) saltLength = n;
      }
    }
  }
  return { hash, saltLength };
}

function verifySignature(sigAlg: AlgorithmIdentifier, digestHash: string, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const scheme = SIG_OIDS[sigAlg.algorithm];
  if (!scheme) throw new SodFormatError('unknown signature algorithm');
  switch (scheme.scheme) {
    case 'rsa':
      return cryptoVerify(scheme.hash ?? digestHash, data, key, signature);
    case 'pss': {
      const p = pssParams(sigAlg.parameters);
      return cryptoVerify(p.hash, data, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: p.saltLength }, signature);
    }
    case 'ecdsa':
      return cryptoVerify(scheme.hash ?? digestHash, data, { key, dsaEncoding: 'der' }, signature);
    case 'ecdsa-plain':
      return cryptoVerify(scheme.hash ?? digestHash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  }
}

/** Loads every CSCA certificate (PEM, possibly several per file, or DER) from a folder. */
export function loadCscaFolder(dir: string): { certificates: X509Certificate[]; errors: string[] } {
  const certificates: X509Certificate[] = [];
  const errors: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { certificates, errors: [`trust folder ${dir} cannot be read`] };
  }
  for (const name of names.sort()) {
    if (!/\.(pem|crt|cer|der)$/i.test(name)) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
      const raw = readFileSync(path);
      const text = raw.toString('latin1');
      if (text.includes('-----BEGIN CERTIFICATE-----')) {
        for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) certificates.push(new X509Certificate(m[0]));
      } else certificates.push(new X509Certificate(raw));
    } catch {
      errors.push(`${name} is not a certificate`);
    }
  }
  return { certificates, errors };
}

export interface PassiveAuthInput {
  /** EF.SOD bytes, or undefined when the chip has none / it was not read. */
  sod: Uint8Array | undefined;
  /** The data groups read: number → raw bytes (as read, including the outer tag). */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  /** Trusted CSCA certificates. */
  csca: readonly X509Certificate[];
}

const TEXT: Record<PassiveAuthStatus, string> = {
  verified: 'verified',
  'not-trusted': 'hashes ok, signer not trusted',
  'hash-mismatch': 'hash mismatch',
  'signature-invalid': 'signature invalid',
  'no-sod': 'no EF.SOD',
};

export function passiveAuthenticate(input: PassiveAuthInput): PassiveAuthResult {
  try {
    return authenticate(input);
  } catch (e) {
    // A chip can serve any bytes: whatever the ASN.1 library throws on them is a failed check, never a crash.
    return {
      status: 'signature-invalid',
      text: TEXT['signature-invalid'],
      checked: [],
      mismatched: [],
      detail: `EF.SOD cannot be checked: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`,
    };
  }
}

function authenticate(input: PassiveAuthInput): PassiveAuthResult {
  const base = { checked: [] as number[], mismatched: [] as number[] };
  if (!input.sod || input.sod.length === 0) return { status: 'no-sod', text: TEXT['no-sod'], ...base, detail: 'the chip has no EF.SOD' };
  let sod: ParsedSod;
  try {
    sod = parseSod(input.sod);
  } catch (e) {
    return { status: 'signature-invalid', text: TEXT['signature-invalid'], ...base, detail: e instanceof Error ? e.message : 'EF.SOD cannot be parsed' };
  }
  const result: PassiveAuthResult = { status: 'signature-invalid', text: TEXT['signature-invalid'], ...base, hashAlgorithm: sod.hashAlgorithm };

  // --- signature ---
  const signer = sod.signedData.signerInfos[0];
  if (!signer || sod.signedData.signerInfos.length !== 1) return { ...result, detail: 'EF.SOD must have exactly one signer' };
  const certs = (sod.signedData.certificates ?? []).map((c) => c.certificate).filter((c): c is Certificate => c !== undefined);
  const sid = signer.sid;
  const dsAsn =
    certs.find((c) => {
      if (sid.issuerAndSerialNumber) {
        return (
          bytesEqual(c.tbsCertificate.serialNumber, sid.issuerAndSerialNumber.serialNumber) &&
          bytesEqual(AsnConvert.serialize(c.tbsCertificate.issuer), AsnConvert.serialize(sid.issuerAndSerialNumber.issuer))
        );
      }
      return false;
    }) ?? (certs.length === 1 ? certs[0] : undefined);
  if (!dsAsn) return { ...result, detail: 'EF.SOD holds no document signer certificate for its signer' };
  let ds: X509Certificate;
  try {
    ds = new X509Certificate(Buffer.from(AsnConvert.serialize(dsAsn)));
  } catch {
    return { ...result, detail: 'the document signer certificate cannot be read' };
  }
  result.signer = nameText(ds);
  const digestHash = HASH_OIDS[signer.digestAlgorithm.algorithm];
  if (!digestHash) return { ...result, detail: 'unknown digest algorithm in the signer info' };
  result.signatureAlgorithm = signer.signatureAlgorithm.algorithm;
  let signedBytes: Uint8Array;
  if (signer.signedAttrs && signer.signedAttrs.length > 0) {
    const md = signer.signedAttrs.find((a) => a.attrType === OID.messageDigest);
    const ct = signer.signedAttrs.find((a) => a.attrType === OID.contentType);
    if (!md || !md.attrValues[0]) return { ...result, detail: 'the signed attributes have no messageDigest' };
    let mdValue: Uint8Array;
    try {
      if (ct?.attrValues[0]) {
        const ctOid = decodeTlv(new Uint8Array(ct.attrValues[0]), { exact: false });
        if (ctOid.tag !== 0x06 || decodeOid(ctOid.value) !== OID.ldsSecurityObject)
          return { ...result, detail: 'the signed content type is not an LDSSecurityObject' };
      }
      mdValue = new Uint8Array(AsnConvert.parse(md.attrValues[0], OctetString).buffer);
    } catch {
      return { ...result, detail: 'the signed attributes cannot be read (contentType or messageDigest malformed)' };
    }
    const contentHash = new Uint8Array(createHash(digestHash).update(sod.content).digest());
    if (!constantTimeEqual(mdValue, contentHash)) return { ...result, detail: 'messageDigest does not match the LDSSecurityObject' };
    if (!sod.signedAttrsRaw) return { ...result, detail: 'the signed attributes cannot be found' };
    signedBytes = sod.signedAttrsRaw.slice();
    signedBytes[0] = 0x31; // [0] IMPLICIT → SET OF, as signed (RFC 5652 §5.4)
  } else {
    signedBytes = sod.content;
  }
  let sigOk: boolean;
  try {
    sigOk = verifySignature(signer.signatureAlgorithm, digestHash, signedBytes, new Uint8Array(signer.signature.buffer), ds.publicKey);
  } catch (e) {
    return { ...result, detail: e instanceof SodFormatError ? e.message : 'the signature cannot be checked with the document signer key' };
  }
  if (!sigOk) return { ...result, detail: 'the document signer signature does not verify' };

  // --- hashes ---
  const checked: number[] = [];
  const mismatched: number[] = [];
  for (const [dg, bytes] of [...input.dataGroups].sort((a, b) => a[0] - b[0])) {
    const expected = sod.hashes.get(dg);
    const actual = new Uint8Array(createHash(sod.hashAlgorithm).update(bytes).digest());
    if (expected && constantTimeEqual(expected, actual)) checked.push(dg);
    else mismatched.push(dg);
  }
  result.checked = checked;
  result.mismatched = mismatched;
  if (mismatched.length > 0) {
    return {
      ...result,
      status: 'hash-mismatch',
      text: `hash mismatch (${mismatched.map((n) => `DG${n}`).join(', ')})`,
      detail: 'data read from the chip differs from what the document signer signed',
    };
  }

  // --- trust chain ---
  const now = new Date();
  for (const ca of input.csca) {
    try {
      if (ds.checkIssued(ca) && ds.verify(ca.publicKey)) {
        const caValid = new Date(ca.validFrom) <= now && now <= new Date(ca.validTo);
        return {
          ...result,
          status: 'verified',
          text: TEXT.verified,
          csca: nameText(ca),
          ...(caValid ? {} : { detail: 'the CSCA certificate is outside its validity period' }),
        };
      }
    } catch {
      /* next CSCA */
    }
  }
  return {
    ...result,
    status: 'not-trusted',
    text: TEXT['not-trusted'],
    detail: input.csca.length === 0 ? 'no CSCA certificate is configured' : 'the document signer is not signed by a configured CSCA',
  };
}
