#!/bin/sh
# SPDX-License-Identifier: MIT
# The DEMO PKI of vpn-apps: a "corporate" CA, the gateway's and the vpn VM's
# certificates, and the wrong ones the tests need. Every key here is a test key made on
# the build machine (never committed, never for real use). EC P-256, SHA-256.
#
# Usage: pki.sh DIR      (writes DIR/*.key, DIR/*.crt; an existing DIR/.done is kept)
#   ca            the corporate CA (trusted by vpnd and by the gateway)
#   gw            the gateway: CN and DNS name GW_NAME, serverAuth, signed by ca
#   client        the vpn VM: CN CLIENT_NAME, clientAuth, signed by ca
#   rogue-ca      another CA nobody trusts
#   rogue-gw      a gateway certificate with the right name from rogue-ca
#   misnamed-gw   a gateway certificate from ca for another name (MISNAMED_GW_NAME)
#   rogue-client  a client certificate with the right name from rogue-ca
set -eu

GW_NAME=gw.corp.shoji.test
MISNAMED_GW_NAME=intranet.corp.shoji.test
CLIENT_NAME=vpn.shoji.test
DAYS=3650

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
[ -e "$dir/.done" ] && exit 0
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
cd "$dir.tmp"

key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
	chmod 600 "$1.key"
}

ca() { # NAME CN
	key "$1"
	openssl req -x509 -new -key "$1.key" -sha256 -days $DAYS -subj "/O=Shoji demo/CN=$2" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$1.crt"
}

leaf() { # NAME CA CN EKU [DNS]
	key "$1"
	{
		echo "basicConstraints=critical,CA:FALSE"
		echo "keyUsage=critical,digitalSignature"
		echo "extendedKeyUsage=$4"
		[ -z "${5:-}" ] || echo "subjectAltName=DNS:$5"
	} >"$1.ext"
	openssl req -new -key "$1.key" -subj "/O=Shoji demo/CN=$3" -out "$1.csr"
	openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -set_serial "0x$(openssl rand -hex 8)" \
		-sha256 -days $DAYS -extfile "$1.ext" -out "$1.crt" 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}

ca ca "Shoji demo corporate CA"
leaf gw ca "$GW_NAME" serverAuth "$GW_NAME"
leaf client ca "$CLIENT_NAME" clientAuth
ca rogue-ca "Shoji demo rogue CA"
leaf rogue-gw rogue-ca "$GW_NAME" serverAuth "$GW_NAME"
leaf misnamed-gw ca "$MISNAMED_GW_NAME" serverAuth "$MISNAMED_GW_NAME"
leaf rogue-client rogue-ca "$CLIENT_NAME" clientAuth

# Each certificate must verify against its CA as intended, or the tests would prove nothing.
openssl verify -CAfile ca.crt gw.crt client.crt misnamed-gw.crt >/dev/null
openssl verify -CAfile rogue-ca.crt rogue-gw.crt rogue-client.crt >/dev/null
if openssl verify -CAfile ca.crt rogue-gw.crt >/dev/null 2>&1; then
	echo "pki: rogue-gw verifies against ca" >&2
	exit 1
fi
printf 'GW_NAME=%s\nCLIENT_NAME=%s\nMISNAMED_GW_NAME=%s\n' "$GW_NAME" "$CLIENT_NAME" "$MISNAMED_GW_NAME" >names
touch .done
cd - >/dev/null
rm -rf "$dir" && mv "$dir.tmp" "$dir"
