"""Uploads built to exhaust the server (issue 14): each is made in memory, small to send, huge to open.

Shared by tests/unit/test_bad_inputs.py (refused quickly, within bounded memory) and
bench/bench_uploads.py (time and peak memory). Each is built in a second or two: a deflated block
ending in a full flush does not depend on what came before it, so one block, compressed once and
repeated, is a valid deflate stream of the repeated text.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

COMPANIONS = {
    "events.json": b'{"events": []}',
    "sources.json": b'{"sources": []}',
    "reports.json": b'{"reports": []}',
    "disagreements.json": b'{"disagreements": []}',
}
STORED, DEFLATED = 0, 8


def _deflated(head: bytes, block: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of head + block * times + tail, compressing block once."""

    def flushed(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

    packed_block = flushed(block)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = flushed(head) + packed_block * times + final.compress(tail) + final.flush()
    return stream, crc, len(head) + len(block) * times + len(tail)


def raw_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip of (name, method, data as stored, size it declares, CRC-32) entries, written by hand so
    that a declared size can lie."""
    body, central = bytearray(), bytearray()
    for name, method, data, size, crc in entries:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data), size, len(encoded), 0)
        body += encoded + data
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
            offset,
        )  # fmt: skip
        central += encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0)
    return bytes(body + central + end)


def _companions() -> list[tuple[str, int, bytes, int, int]]:
    return [(name, STORED, data, len(data), zlib.crc32(data)) for name, data in COMPANIONS.items()]


def empty_objects_zip(megabytes: float = 199.0) -> bytes:
    """A data folder whose stations.geojson is ``megabytes`` of "{}," (0.19 MB zipped for 199 MB):
    json.loads makes ~66 million dicts (10 GB) of it before any count is checked."""
    block = b"{}," * 100_000
    times = int(megabytes * 1e6) // len(block)
    data, crc, size = _deflated(b'{"type": "FeatureCollection", "features": [', block, times, b"{}]}")
    return raw_zip([("stations.geojson", DEFLATED, data, size, crc), *_companions()])


def blank_lines_csv(megabytes: float = 49.9) -> bytes:
    """A CSV header and ``megabytes`` of empty lines: list(csv.reader) makes 50 million lists."""
    header = b"place,country_code,lat,lon\n"
    return header + b"\n" * (int(megabytes * 1e6) - len(header))


def lying_member_zip(inflated_mib: int = 1900, declared: int = 100) -> bytes:
    """A zip whose stations.geojson declares ``declared`` bytes but inflates to ``inflated_mib``
    MiB of spaces (1.9 MB deflated for 1.9 GiB): ZipFile.read() inflates it whole in one call."""
    data, _, _ = _deflated(b"", b" " * 2**20, inflated_mib, b"")
    return raw_zip([("stations.geojson", DEFLATED, data, declared, 0), *_companions()])


def many_members_zip(members: int = 20_000) -> bytes:
    """A zip of ``members`` empty files: parsing its directory alone makes a ZipInfo for each."""
    return raw_zip([(f"f{i}", STORED, b"", 0, 0) for i in range(members)])


BOMBS: dict[str, Callable[[], bytes]] = {
    "empty-objects.zip": empty_objects_zip,
    "blank-lines.csv": blank_lines_csv,
    "lying-member.zip": lying_member_zip,
    "many-members.zip": many_members_zip,
}
