#!/usr/bin/env bash
# Regenerates the key fixtures with tools independent of containersec: OpenSSL (keys, signatures) and
# Python's hashlib.scrypt with libsodium's crypto_secretbox_easy (the cosign-encrypted key, in the format
# go-securesystemslib's "encrypted" package writes for cosign). Not produced by cosign itself.
# Usage: bash make-fixtures.sh   (in this directory; needs openssl, python3, libsodium)
set -euo pipefail
cd "$(dirname "$0")"
printf '%s' '{"critical":{"identity":{"docker-reference":"example.org/hello"},"image":{"docker-manifest-digest":"sha256:e5fbb62965f65cf6a21d4799433466264e7e5d07b89f06a1f98669a3ba8150ca"},"type":"cosign container image signature"},"optional":null}' > payload.json

openssl ecparam -name prime256v1 -genkey -noout -out ec-sec1.pem
openssl ec -in ec-sec1.pem -pubout -out ec.pub 2>/dev/null
openssl dgst -sha256 -sign ec-sec1.pem -out ec.sig payload.json

openssl genrsa -traditional -out rsa-pkcs1.pem 2048 2>/dev/null
openssl rsa -in rsa-pkcs1.pem -pubout -out rsa.pub 2>/dev/null
openssl dgst -sha256 -sign rsa-pkcs1.pem -out rsa.sig payload.json

openssl genpkey -algorithm ed25519 -out ed25519.pem
openssl pkey -in ed25519.pem -pubout -out ed25519.pub
openssl pkeyutl -sign -rawin -inkey ed25519.pem -in payload.json -out ed25519.sig

openssl ecparam -name secp384r1 -genkey -noout | openssl ec -pubout -out ec-p384.pub 2>/dev/null
openssl genrsa 1024 2>/dev/null | openssl rsa -pubout -out rsa-1024.pub 2>/dev/null

openssl pkcs8 -topk8 -nocrypt -in ec-sec1.pem -outform DER -out /tmp/ec-pkcs8.$$.der
python3 - /tmp/ec-pkcs8.$$.der > cosign-encrypted.key <<'PY'
import base64, ctypes, hashlib, json, os, sys
der = open(sys.argv[1], 'rb').read()
sodium = ctypes.CDLL('libsodium.so.23')
assert sodium.sodium_init() >= 0
salt, nonce = os.urandom(32), os.urandom(24)
key = hashlib.scrypt(b'correct horse', salt=salt, n=32768, r=8, p=1, maxmem=64 << 20, dklen=32)
box = ctypes.create_string_buffer(len(der) + 16)
assert sodium.crypto_secretbox_easy(box, der, ctypes.c_ulonglong(len(der)), nonce, key) == 0
env = {"kdf": {"name": "scrypt", "params": {"N": 32768, "r": 8, "p": 1}, "salt": base64.b64encode(salt).decode()},
       "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(nonce).decode()},
       "ciphertext": base64.b64encode(box.raw).decode()}
b = base64.b64encode(json.dumps(env, separators=(',', ':')).encode()).decode()
print('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----')
for i in range(0, len(b), 64):
    print(b[i:i + 64])
print('-----END ENCRYPTED SIGSTORE PRIVATE KEY-----')
PY
rm -f /tmp/ec-pkcs8.$$.der
