/**
 * Passive authentication with a CSCA → DS → EF.SOD chain built here (node:crypto keys,
 * certificates from @peculiar/asn1-x509): RSA PKCS#1 v1.5, RSA-PSS and ECDSA; every outcome.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCscaFolder, parseSod, passiveAuthenticate, SodFormatError } from '../../drivers/idcard/passive-auth';
import { buildSod, createPki, toPem, type SignatureKind } from '../../drivers/idcard/sim/pki';
import { buildDg1, buildDg13, buildTd1 } from '../../drivers/idcard/sim/files';

const dg1 = buildDg1(
  buildTd1({ personalId: '001090000001', birthYymmdd: '900101', sex: 'M', expiryYymmdd: '300101', surname: 'NGUYEN', givenNames: 'VAN AN' }),
);
const dg13 = buildDg13({ personalId: '001090000001', fullName: 'NGUYỄN VĂN AN', birthDate: '01/01/1990', sex: 'Nam' });
const dgs = new Map([
  [1, dg1],
  [13, dg13],
]);

describe.each<SignatureKind>(['ecdsa-sha256', 'rsa-sha256', 'rsa-pss-sha256'])('passive authentication with %s', (kind) => {
  const pki = createPki(kind);
  const csca = new X509Certificate(Buffer.from(pki.cscaCertificate));
  const sod = buildSod({ dataGroups: dgs, signerCertificate: pki.dsCertificate, signerKey: pki.dsKey.privateKey, kind });

  it('is verified when the DS chains to a trusted CSCA and every hash matches', () => {
    const r = passiveAuthenticate({ sod, dataGroups: dgs, csca: [csca] });
    expect(r.status).toBe('verified');
    expect(r.text).toBe('verified');
    expect(r.checked).toEqual([1, 13]);
    expect(r.signer).toContain('TEST Document Signer');
    expect(r.csca).toContain('TEST CSCA');
  });

  it('says "hashes ok, signer not trusted" without (or with another) CSCA', () => {
    expect(passiveAuthenticate({ sod, dataGroups: dgs, csca: [] }).text).toBe('hashes ok, signer not trusted');
    const other = new X509Certificate(Buffer.from(createPki('ecdsa-sha256', 'VN', 'OTHER').cscaCertificate));
    expect(passiveAuthenticate({ sod, dataGroups: dgs, csca: [other] }).status).toBe('not-trusted');
  });

  it('names the data group whose hash does not match', () => {
    const tampered = dg13.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 0x01;
    const r = passiveAuthenticate({
      sod,
      dataGroups: new Map([
        [1, dg1],
        [13, tampered],
      ]),
      csca: [csca],
    });
    expect(r.status).toBe('hash-mismatch');
    expect(r.text).toBe('hash mismatch (DG13)');
    expect(r.mismatched).toEqual([13]);
  });

  it('treats a data group the SOD has no hash for as a mismatch', () => {
    const r = passiveAuthenticate({
      sod,
      dataGroups: new Map([
        [1, dg1],
        [2, Uint8Array.of(0x75, 0x00)],
      ]),
      csca: [csca],
    });
    expect(r.mismatched).toEqual([2]);
  });

  it('rejects a signature that does not verify', () => {
    // Another signer's key, same certificate: the signature cannot verify.
    const wrong = buildSod({ dataGroups: dgs, signerCertificate: pki.dsCertificate, signerKey: createPki(kind).dsKey.privateKey, kind });
    const r = passiveAuthenticate({ sod: wrong, dataGroups: dgs, csca: [csca] });
    expect(r.status).toBe('signature-invalid');
  });
});

describe('EF.SOD parsing', () => {
  const pki = createPki('ecdsa-sha256');
  const sod = buildSod({ dataGroups: dgs, signerCertificate: pki.dsCertificate, signerKey: pki.dsKey.privateKey, kind: 'ecdsa-sha256' });

  it('reads the hash algorithm and the DG hashes', () => {
    const p = parseSod(sod);
    expect(p.hashAlgorithm).toBe('sha256');
    expect([...p.hashes.keys()]).toEqual([1, 13]);
  });

  it('reports a missing EF.SOD and an unparsable one', () => {
    expect(passiveAuthenticate({ sod: undefined, dataGroups: dgs, csca: [] }).status).toBe('no-sod');
    const r = passiveAuthenticate({ sod: Uint8Array.of(0x77, 0x03, 0x30, 0x01, 0x00), dataGroups: dgs, csca: [] });
    expect(r.status).toBe('signature-invalid');
    expect(r.detail).toMatch(/cannot be parsed|not CMS/);
  });

  it('detects a changed LDSSecurityObject (messageDigest no longer matches)', () => {
    const p = parseSod(sod);
    const at = Buffer.from(sod).indexOf(Buffer.from(p.hashes.get(1) as Uint8Array));
    const bad = sod.slice();
    bad[at] = (bad[at] as number) ^ 0xff;
    const r = passiveAuthenticate({ sod: bad, dataGroups: dgs, csca: [] });
    expect(r.status).toBe('signature-invalid');
    expect(r.detail).toContain('messageDigest');
  });

  it('never throws anything but SodFormatError on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, wrap) => {
        const input = wrap ? Uint8Array.from([0x77, ...(bytes.length < 128 ? [bytes.length] : [0x81, bytes.length]), ...bytes]) : bytes;
        try {
          parseSod(input);
        } catch (e) {
          if (!(e instanceof SodFormatError)) throw e;
        }
        const r = passiveAuthenticate({ sod: input, dataGroups: dgs, csca: [] });
        return ['signature-invalid', 'no-sod'].includes(r.status);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any single-byte change of a real EF.SOD; a change in the signed LDS security object, the signed attributes or the signature never passes', () => {
    const trusted = new X509Certificate(Buffer.from(pki.cscaCertificate));
    expect(passiveAuthenticate({ sod, dataGroups: dgs, csca: [trusted] }).status).toBe('verified');
    const p = parseSod(sod);
    const whole = Buffer.from(sod);
    const ranges = [p.content, p.signedAttrsRaw as Uint8Array, new Uint8Array(p.signedData.signerInfos[0]?.signature.buffer as ArrayBuffer)].map((part) => {
      const at = whole.indexOf(Buffer.from(part));
      expect(at).toBeGreaterThan(0);
      return [at, at + part.length] as const;
    });
    const statuses = new Set(['verified', 'not-trusted', 'hash-mismatch', 'signature-invalid', 'no-sod']);
    let protectedBytes = 0;
    for (let i = 0; i < sod.length; i++) {
      const signed = ranges.some(([from, to]) => i >= from && i < to);
      if (signed) protectedBytes++;
      for (const x of [0x40, 0xff]) {
        const m = sod.slice();
        m[i] = (m[i] as number) ^ x;
        const r = passiveAuthenticate({ sod: m, dataGroups: dgs, csca: [trusted] });
        expect(statuses.has(r.status)).toBe(true);
        if (signed && (r.status === 'verified' || r.status === 'not-trusted')) throw new Error(`signed byte ${i} ^ ${x} passed: ${r.status}`);
      }
    }
    expect(protectedBytes).toBeGreaterThan(200); // eContent, signed attributes and signature of this SOD: 246 bytes
  }, 60_000);

  it('a messageDigest attribute that is not an OCTET STRING is a clear failure, not a TypeError', () => {
    // messageDigest OID 1.2.840.113549.1.9.4, then SET { OCTET STRING }: give the OCTET STRING another tag.
    const oid = Buffer.from('06092a864886f70d010904', 'hex');
    const at = Buffer.from(sod).indexOf(oid);
    expect(at).toBeGreaterThan(0);
    const m = sod.slice();
    const octet = at + oid.length + 2;
    expect(m[octet]).toBe(0x04);
    m[octet] = 0x44; // 0x04 ^ 0x40: the case fast-check found (an application-class tag)
    const r = passiveAuthenticate({ sod: m, dataGroups: dgs, csca: [] });
    expect(r.status).toBe('signature-invalid');
    expect(r.detail).toMatch(/signed attributes cannot be read|cannot be checked/);
  });

  it('survives mutations of a real EF.SOD (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sod.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = sod.slice();
        m[i] = (m[i] as number) ^ x;
        const r = passiveAuthenticate({ sod: m, dataGroups: dgs, csca: [] });
        return r.status !== 'verified';
      }),
      { numRuns: 200 },
    );
  });
});

describe('CSCA trust folder', () => {
  it('loads PEM (several per file) and DER certificates and names broken files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csca-'));
    try {
      const a = createPki('ecdsa-sha256', 'VN', 'A');
      const b = createPki('ecdsa-sha256', 'VN', 'B');
      writeFileSync(join(dir, 'two.pem'), toPem(a.cscaCertificate) + toPem(b.cscaCertificate));
      writeFileSync(join(dir, 'one.der'), a.dsCertificate);
      writeFileSync(join(dir, 'broken.crt'), 'not a certificate');
      writeFileSync(join(dir, 'readme.txt'), 'ignored');
      const r = loadCscaFolder(dir);
      expect(r.certificates).toHaveLength(3);
      expect(r.errors).toEqual(['broken.crt is not a certificate']);
      expect(loadCscaFolder(join(dir, 'missing')).errors[0]).toContain('cannot be read');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
