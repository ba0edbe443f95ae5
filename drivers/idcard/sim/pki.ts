/**
 * A small PKI for simulators and tests: X.509 certificates (CSCA and document signer) and EF.SOD
 * (77 ‖ CMS SignedData over an LDSSecurityObject), built with @peculiar/asn1-x509/-cms and signed
 * with node:crypto. Nothing here is used to verify anything (see ../passive-auth.ts); it exists so
 * that the demo card and the tests carry a real, checkable EF.SOD. Keys are made per run.
 */
import { createHash, generateKeyPairSync, randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  DigestAlgorithmIdentifiers,
  id_signedData,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  id_ce_basicConstraints,
} from '@peculiar/asn1-x509';
import { encodeTlv } from '../protocol/tlv';
import { OID } from '../passive-auth';

export type SignatureKind = 'rsa-sha256' | 'rsa-pss-sha256' | 'ecdsa-sha256';

const HASH_OID: Record<string, string> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** DER of an OBJECT IDENTIFIER's value. */
export function encodeOidValue(oid: string): Uint8Array {
  const parts = oid.split('.').map(Number);
  const out: number[] = [];
  const base = [(parts[0] as number) * 40 + (parts[1] as number), ...parts.slice(2)];
  for (const n of base) {
    const bytes: number[] = [n & 0x7f];
    let v = Math.floor(n / 128);
    while (v > 0) {
      bytes.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

function ab(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

const NULL_PARAMS = ab(Uint8Array.of(0x05, 0x00));

/** The signature AlgorithmIdentifier of a kind. */
export function signatureAlgorithm(kind: SignatureKind): AlgorithmIdentifier {
  switch (kind) {
    case 'rsa-sha256':
      return new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: NULL_PARAMS });
    case 'ecdsa-sha256':
      return new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' });
    case 'rsa-pss-sha256': {
      const sha256 = encodeTlv(0x30, [encodeTlv(0x06, encodeOidValue(HASH_OID.sha256 as string)), Uint8Array.of(0x05, 0x00)]);
      const params = encodeTlv(0x30, [
        encodeTlv(0xa0, sha256),
        encodeTlv(0xa1, encodeTlv(0x30, [encodeTlv(0x06, encodeOidValue(OID.mgf1)), sha256])),
        encodeTlv(0xa2, encodeTlv(0x02, Uint8Array.of(32))),
      ]);
      return new AlgorithmIdentifier({ algorithm: OID.rsaPss, parameters: ab(params) });
    }
  }
}

export function signWith(kind: SignatureKind, key: KeyObject, data: Uint8Array): Uint8Array {
  switch (kind) {
    case 'rsa-sha256':
      return new Uint8Array(cryptoSign('sha256', data, key));
    case 'rsa-pss-sha256':
      return new Uint8Array(cryptoSign('sha256', data, { key, padding: 6, saltLength: 32 }));
    case 'ecdsa-sha256':
      return new Uint8Array(cryptoSign('sha256', data, { key, dsaEncoding: 'der' }));
  }
}

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function generateKeys(kind: SignatureKind): KeyPair {
  return kind === 'ecdsa-sha256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export function makeName(country: string, commonName: string, organization?: string): Name {
  const rdn = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  const rdns = [rdn('2.5.4.6', new AttributeValue({ printableString: country }))];
  if (organization) rdns.push(rdn('2.5.4.10', new AttributeValue({ utf8String: organization })));
  rdns.push(rdn('2.5.4.3', new AttributeValue({ utf8String: commonName })));
  return new Name(rdns);
}

export interface CertificateSpec {
  subject: Name;
  /** The issuer's name (the subject itself for a self-signed CSCA). */
  issuer?: Name;
  publicKey: KeyObject;
  /** The issuer's private key. */
  signingKey: KeyObject;
  kind: SignatureKind;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  serial?: Uint8Array;
}

/** A DER X.509 v3 certificate. */
export function buildCertificate(spec: CertificateSpec): Uint8Array {
  const serial = spec.serial ?? Uint8Array.from([0x01, ...randomBytes(8)]);
  const notBefore = spec.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = spec.notAfter ?? new Date(Date.now() + 10 * 365 * 86_400_000);
  const spki = AsnConvert.parse(spec.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const sigAlg = signatureAlgorithm(spec.kind);
  const extensions = spec.ca
    ? new Extensions([
        new Extension({
          extnID: id_ce_basicConstraints,
          critical: true,
          extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: true, pathLenConstraint: 0 }))),
        }),
      ])
    : undefined;
  const tbs = new TBSCertificate({
    version: 2,
    serialNumber: ab(serial),
    signature: sigAlg,
    issuer: spec.issuer ?? spec.subject,
    validity: new Validity({ notBefore, notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: spki,
    ...(extensions ? { extensions } : {}),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signWith(spec.kind, spec.signingKey, tbsDer);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: sigAlg, signatureValue: ab(signature) });
  return new Uint8Array(AsnConvert.serialize(cert));
}

/** DER LDSSecurityObject: version 0, hash algorithm, one DataGroupHash per DG. */
export function buildLdsSecurityObject(dataGroups: ReadonlyMap<number, Uint8Array>, hash = 'sha256'): Uint8Array {
  const oid = HASH_OID[hash];
  if (!oid) throw new RangeError(`unsupported hash ${hash}`);
  const entries = [...dataGroups]
    .sort((a, b) => a[0] - b[0])
    .map(([n, bytes]) => encodeTlv(0x30, [encodeTlv(0x02, Uint8Array.of(n)), encodeTlv(0x04, new Uint8Array(createHash(hash).update(bytes).digest()))]));
  return encodeTlv(0x30, [
    encodeTlv(0x02, Uint8Array.of(0)),
    encodeTlv(0x30, [encodeTlv(0x06, encodeOidValue(oid)), Uint8Array.of(0x05, 0x00)]),
    encodeTlv(0x30, entries),
  ]);
}

export interface SodSpec {
  /** DG number → raw DG bytes whose hashes the SOD carries. */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  /** The document signer certificate (DER) and its private key. */
  signerCertificate: Uint8Array;
  signerKey: KeyObject;
  kind: SignatureKind;
  hash?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
}

/** EF.SOD: 77 ‖ ContentInfo(SignedData) with signed attributes contentType and messageDigest. */
export function buildSod(spec: SodSpec): Uint8Array {
  const hash = spec.hash ?? 'sha256';
  const content = buildLdsSecurityObject(spec.dataGroups, hash);
  const dsCert = AsnConvert.parse(ab(spec.signerCertificate), Certificate);
  const digestAlg = new AlgorithmIdentifier({ algorithm: HASH_OID[hash] as string, parameters: NULL_PARAMS });
  const attrs = [
    new Attribute({ attrType: OID.contentType, attrValues: [ab(encodeTlv(0x06, encodeOidValue(OID.ldsSecurityObject)))] }),
    new Attribute({ attrType: OID.messageDigest, attrValues: [ab(encodeTlv(0x04, new Uint8Array(createHash(hash).update(content).digest())))] }),
  ];
  // The signature covers the DER SET OF the attributes, as they are encoded in the SignerInfo.
  const signedAttrsDer = encodeTlv(
    0x31,
    attrs.map((a) => new Uint8Array(AsnConvert.serialize(a))),
  );
  const signature = signWith(spec.kind, spec.signerKey, signedAttrsDer);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: dsCert.tbsCertificate.issuer, serialNumber: dsCert.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm: digestAlg,
    signedAttrs: attrs,
    signatureAlgorithm: signatureAlgorithm(spec.kind),
    signature: new OctetString(signature),
  });
  const sd = new SignedData({
    version: 3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlg]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: OID.ldsSecurityObject,
      eContent: new EncapsulatedContent({ single: new OctetString(content) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate: dsCert })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const ci = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(sd) });
  return encodeTlv(0x77, new Uint8Array(AsnConvert.serialize(ci)));
}

export interface TestPki {
  cscaCertificate: Uint8Array;
  cscaKey: KeyPair;
  dsCertificate: Uint8Array;
  dsKey: KeyPair;
  kind: SignatureKind;
}

/** A CSCA and a document signer it issued, made now. */
export function createPki(kind: SignatureKind = 'ecdsa-sha256', country = 'VN', label = 'TEST'): TestPki {
  const cscaKey = generateKeys(kind);
  const dsKey = generateKeys(kind);
  const cscaName = makeName(country, `${label} CSCA`, `${label} — not a real authority`);
  const cscaCertificate = buildCertificate({ subject: cscaName, publicKey: cscaKey.publicKey, signingKey: cscaKey.privateKey, kind, ca: true });
  const dsCertificate = buildCertificate({
    subject: makeName(country, `${label} Document Signer`, `${label} — not a real authority`),
    issuer: cscaName,
    publicKey: dsKey.publicKey,
    signingKey: cscaKey.privateKey,
    kind,
  });
  return { cscaCertificate, cscaKey, dsCertificate, dsKey, kind };
}

/** PEM text of a DER certificate. */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
