//! The public key a partner registers for single sign-on, read closely when it is
//! registered: only a key that can check a token is kept, so a key that could never work
//! is refused at once rather than failing every sign-in later.

use jsonwebtoken::DecodingKey;
use simple_asn1::ASN1Block;

/// What a public key checks: RSA signatures (RS256…, PS256…) or EC ones (ES256, ES384).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Rsa,
    Ec,
}

const RSA_KEY: [u64; 7] = [1, 2, 840, 113_549, 1, 1, 1];
const EC_KEY: [u64; 6] = [1, 2, 840, 10_045, 2, 1];
const P256: [u64; 7] = [1, 2, 840, 10_045, 3, 1, 7];
const P384: [u64; 5] = [1, 3, 132, 0, 34];

/// The family and checking key of `pem`, if it is one public key that can check signatures:
/// a `PUBLIC KEY` (or PKCS #1 `RSA PUBLIC KEY`) block holding an RSA key of 2048 to 8192
/// bits or an EC key on P-256 or P-384. None for anything else: a private key, a
/// certificate, several blocks, another curve, a short RSA key, bytes that are no key.
pub fn public_key(pem_text: &str) -> Option<(Family, DecodingKey)> {
    let blocks = pem_text
        .lines()
        .filter(|l| l.trim_start().starts_with("-----BEGIN "))
        .count();
    if blocks != 1 {
        return None;
    }
    let block = pem::parse(pem_text).ok()?;
    let family = match block.tag() {
        "PUBLIC KEY" => subject_key(block.contents())?,
        "RSA PUBLIC KEY" => rsa_size_fits(block.contents()).then_some(Family::Rsa)?,
        _ => return None,
    };
    let key = match family {
        Family::Rsa => DecodingKey::from_rsa_pem(pem_text.as_bytes()),
        Family::Ec => DecodingKey::from_ec_pem(pem_text.as_bytes()),
    };
    key.ok().map(|key| (family, key))
}

/// The family of a DER `SubjectPublicKeyInfo` that can check signatures.
fn subject_key(der: &[u8]) -> Option<Family> {
    let blocks = simple_asn1::from_der(der).ok()?;
    let [ASN1Block::Sequence(_, parts)] = blocks.as_slice() else {
        return None;
    };
    let [ASN1Block::Sequence(_, algorithm), ASN1Block::BitString(_, _, key)] = parts.as_slice()
    else {
        return None;
    };
    let oid = |block: Option<&ASN1Block>| match block {
        Some(ASN1Block::ObjectIdentifier(_, oid)) => oid.as_vec::<u64>().ok(),
        _ => None,
    };
    let kind = oid(algorithm.first())?;
    if kind == RSA_KEY {
        return rsa_size_fits(key).then_some(Family::Rsa);
    }
    let curve = oid(algorithm.get(1))?;
    (kind == EC_KEY && (curve == P256 || curve == P384)).then_some(Family::Ec)
}

/// Whether PKCS #1 `der` is an RSA public key of 2048 to 8192 bits (what checking takes).
fn rsa_size_fits(der: &[u8]) -> bool {
    let Ok(blocks) = simple_asn1::from_der(der) else {
        return false;
    };
    let [ASN1Block::Sequence(_, numbers)] = blocks.as_slice() else {
        return false;
    };
    matches!(
        numbers.as_slice(),
        [ASN1Block::Integer(_, modulus), ASN1Block::Integer(_, _)]
            if (2048..=8192).contains(&modulus.bits())
    )
}
