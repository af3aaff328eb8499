# SPDX-License-Identifier: MIT
"""Reads the pcap files tcpdump writes (-w), enough to say what crossed an interface.

packets(path) yields Frame objects: Ethernet (link type 1) or raw IP (101, 228) frames,
decoded down to IPv4 and TCP/UDP ports; anything else is kind "other".
"""
import socket
import struct

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_IPV4 = 228


class Frame:
    def __init__(self, data, ts=0.0):
        self.ts = ts          # capture time, seconds
        self.data = data      # the whole frame as captured
        self.kind = "other"   # "arp", "ipv4", "ipv6", "other"
        self.proto = None     # IPv4 protocol number
        self.src = self.dst = None
        self.sport = self.dport = None
        self.payload = b""    # the transport payload (UDP/TCP) or the IP payload otherwise
        self.icmp_type = None
        self.quoted = None    # an ICMP error's quoted datagram (IP header + 8 bytes), as a Frame

    def __repr__(self):
        return "Frame(%s proto=%s %s:%s -> %s:%s len=%d)" % (self.kind, self.proto, self.src, self.sport,
                                                            self.dst, self.dport, len(self.data))


def _decode_ipv4(frame, ip):
    if len(ip) < 20 or ip[0] >> 4 != 4:
        return
    ihl = (ip[0] & 0x0F) * 4
    frame.kind = "ipv4"
    frame.proto = ip[9]
    frame.src = socket.inet_ntoa(ip[12:16])
    frame.dst = socket.inet_ntoa(ip[16:20])
    body = ip[ihl:]
    frame.payload = body
    if frame.proto == 1 and len(body) >= 8:
        frame.icmp_type = body[0]
        if frame.icmp_type in (3, 11, 12):  # unreachable, time exceeded, parameter problem: they quote
            frame.quoted = Frame(body[8:])
            _decode_ipv4(frame.quoted, body[8:])
    if frame.proto in (6, 17) and len(body) >= 4:
        frame.sport, frame.dport = struct.unpack("!HH", body[:4])
        if frame.proto == 17:
            frame.payload = body[8:]
        elif len(body) >= 13:
            frame.payload = body[(body[12] >> 4) * 4:]


def _decode(linktype, data, ts):
    frame = Frame(data, ts)
    if linktype == LINKTYPE_ETHERNET and len(data) >= 14:
        ethertype = struct.unpack("!H", data[12:14])[0]
        if ethertype == 0x0806:
            frame.kind = "arp"
        elif ethertype == 0x86DD:
            frame.kind = "ipv6"
        elif ethertype == 0x0800:
            _decode_ipv4(frame, data[14:])
    elif linktype in (LINKTYPE_RAW, LINKTYPE_IPV4) and data:
        if data[0] >> 4 == 6:
            frame.kind = "ipv6"
        else:
            _decode_ipv4(frame, data)
    return frame


def packets(path):
    """The frames of a pcap file (microsecond or nanosecond, either byte order)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 24:
        raise ValueError("%s: not a pcap file (%d bytes)" % (path, len(raw)))
    magic = raw[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise ValueError("%s: not a pcap file" % path)
    frac = 1e-9 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1e-6
    linktype = struct.unpack(endian + "I", raw[20:24])[0] & 0x0FFFFFFF
    off = 24
    frames = []
    while off + 16 <= len(raw):
        sec, sub, incl = struct.unpack(endian + "III", raw[off:off + 12])
        data = raw[off + 16:off + 16 + incl]
        off += 16 + incl
        frames.append(_decode(linktype, data, sec + sub * frac))
    return frames


# ---- DTLS (RFC 6347 §4.1 record layer, §4.2.2 handshake header) ----

DTLS_HANDSHAKE = 22
DTLS_ALERT = 21
HS_CLIENT_HELLO = 1
HS_HELLO_VERIFY_REQUEST = 3


class DtlsRecord:
    def __init__(self, ctype, version, epoch, seq, body):
        self.ctype = ctype
        self.version = version
        self.epoch = epoch
        self.seq = seq
        self.body = body

    def handshake(self):
        """For a plaintext (epoch 0) handshake record: (msg_type, message_seq, body), else None."""
        if self.ctype != DTLS_HANDSHAKE or self.epoch != 0 or len(self.body) < 12:
            return None
        msg_type = self.body[0]
        message_seq = struct.unpack("!H", self.body[4:6])[0]
        frag_len = int.from_bytes(self.body[9:12], "big")
        return msg_type, message_seq, self.body[12:12 + frag_len]


def dtls_records(payload):
    """The DTLS records in one UDP payload (a datagram may carry several)."""
    records = []
    off = 0
    while off + 13 <= len(payload):
        ctype = payload[off]
        version = struct.unpack("!H", payload[off + 1:off + 3])[0]
        epoch = struct.unpack("!H", payload[off + 3:off + 5])[0]
        seq = int.from_bytes(payload[off + 5:off + 11], "big")
        length = struct.unpack("!H", payload[off + 11:off + 13])[0]
        records.append(DtlsRecord(ctype, version, epoch, seq, payload[off + 13:off + 13 + length]))
        off += 13 + length
    return records


def hello_verify_cookie(body):
    """The cookie of a HelloVerifyRequest body (server_version, cookie<0..255>)."""
    return body[3:3 + body[2]] if len(body) >= 3 else None


def client_hello_cookie(body):
    """The cookie of a DTLS ClientHello body (version, random, session_id, cookie, ...)."""
    off = 2 + 32
    if len(body) < off + 1:
        return None
    off += 1 + body[off]
    if len(body) < off + 1:
        return None
    return body[off + 1:off + 1 + body[off]]
