#!/usr/bin/env python3
"""Safetensors fixtures for Descent's interop tests, written from the format's specification.

An independent implementation (standard library struct/json plus numpy; no safetensors package):

    [8 bytes]  N, header length, unsigned little-endian 64-bit
    [N bytes]  UTF-8 JSON {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets"}}
               padded with spaces so that N is a multiple of 8
    [rest]     raw little-endian tensor bytes; offsets relative to the start of this buffer

The writer follows the reference serializer: tensors sorted by descending dtype alignment, then
by name (UTF-8 bytes); compact JSON with __metadata__ first (keys sorted here, since the reference's
hash map has no fixed order) and non-ASCII written raw.

Usage (from the repository root):
    python3 scripts/safetensors_fixtures/make_fixtures.py write
        writes the fixtures into descent-core/src/test/resources/fixtures/safetensors/
    python3 scripts/safetensors_fixtures/make_fixtures.py verify FILE [--canonical]
        reads FILE strictly, checks every rule of the format, prints its tensors and SHA-256;
        with --canonical also checks that FILE is byte-identical to this script's serialization
        of the canonical input (the one Descent's SafeTensorsInteropTest writes).
"""
import hashlib
import json
import math
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "..", "descent-core", "src", "test", "resources", "fixtures", "safetensors")

# name -> (numpy dtype, size); listed in increasing alignment, as in the reference's Dtype enum
DTYPES = {
    "BOOL": (np.bool_, 1), "U8": (np.uint8, 1), "I8": (np.int8, 1), "I16": (np.int16, 2),
    "U16": (np.uint16, 2), "F16": (np.float16, 2), "BF16": (None, 2), "I32": (np.int32, 4),
    "U32": (np.uint32, 4), "F32": (np.float32, 4), "F64": (np.float64, 8), "I64": (np.int64, 8),
    "U64": (np.uint64, 8),
}
ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]


def serialize(tensors, metadata=None, sort=True, pad=True, header_order=None):
    """tensors: list of (name, dtype_name, shape, raw little-endian bytes)."""
    items = list(tensors)
    if sort:
        items.sort(key=lambda t: (-ORDER.index(t[1]), t[0].encode("utf-8")))
    header = {}
    if metadata:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata)}
    offset = 0
    infos = {}
    for name, dtype, shape, raw in items:
        infos[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    for name in (header_order or [t[0] for t in items]):
        header[name] = infos[name]
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if pad:
        text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in items)


def le(array, dtype):
    return np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()


def canonical_input():
    """The fixed input that Descent's SafeTensorsInteropTest builds with the same formulas."""
    weight = np.array([(i - 5) / 8 for i in range(12)], dtype=np.float32).reshape(3, 4)
    bias = np.array([0.1 * (i + 1) for i in range(4)], dtype=np.float64).astype(np.float32)
    moments = np.array([1.0 / (i + 3) for i in range(4)], dtype=np.float64).reshape(2, 1, 2)
    tensors = [
        ("layer.weight", "F32", [3, 4], le(weight, np.float32)),
        ("layer.bias", "F32", [4], le(bias, np.float32)),
        ("scale", "F64", [], le(np.array(math.pi), np.float64)),
        ("empty", "F32", [0, 3], b""),
        ("moments.m", "F64", [2, 1, 2], le(moments, np.float64)),
        ("\u00fcn\u00ef/\u00e7", "F64", [2], le(np.array([1e-300, -0.0]), np.float64)),
    ]
    metadata = {"format": "descent", "seed": "42", "note": 'line1\nline2 "quoted" back\\slash tab\t \u00fc'}
    return tensors, metadata


def values_of(tensors):
    """name -> {"dtype", "shape", "values"} with values as exact floats (for the Java side)."""
    out = {}
    for name, dtype, shape, raw in tensors:
        if dtype == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            vals = bits.view(np.float32)
        else:
            vals = np.frombuffer(raw, dtype=np.dtype(DTYPES[dtype][0]).newbyteorder("<"))
        out[name] = {"dtype": dtype, "shape": list(shape), "values": [float(v) for v in vals.astype(np.float64)]}
    return out


def write_fixtures(out_dir):
    os.makedirs(out_dir, exist_ok=True)

    def put(name, data):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)

    rng = np.random.default_rng(20240601)
    a = rng.standard_normal((2, 3)).astype(np.float32)
    b = rng.standard_normal(5)
    c = rng.standard_normal((2, 2, 2)).astype(np.float32)
    mixed = [
        ("conv.weight", "F32", [2, 3], le(a, np.float32)),
        ("conv.bias", "F64", [5], le(b, np.float64)),
        ("step", "F64", [], le(np.array(1234.0), np.float64)),
        ("nothing", "F32", [0, 4], b""),
        ("cube", "F32", [2, 2, 2], le(c, np.float32)),
    ]
    files = {}
    files["mixed.safetensors"] = (serialize(mixed, {"framework": "numpy", "epoch": "7"}), mixed)
    # another producer's layout: header keys in a non-offset order, no padding, no metadata
    files["header_order.safetensors"] = (
        serialize(mixed, None, sort=False, pad=False, header_order=["step", "cube", "conv.weight", "nothing", "conv.bias"]),
        mixed)
    h = np.array([0.5, -2.0, 65504.0, 1e-4], dtype=np.float16)
    bf_source = np.array([1.0, -3.5, 1e20, 0.15625], dtype=np.float32)
    bf = (bf_source.view(np.uint32) >> 16).astype("<u2").tobytes()
    other = [
        ("half", "F16", [4], le(h, np.float16)),
        ("brain", "BF16", [2, 2], bf),
        ("ints32", "I32", [3], le(np.array([-7, 0, 2147483647]), np.int32)),
        ("ints64", "I64", [2], le(np.array([-(2 ** 40), 9007199254740992]), np.int64)),
        ("bytes", "U8", [3], le(np.array([0, 128, 255]), np.uint8)),
        ("mask", "BOOL", [2], le(np.array([True, False]), np.bool_)),
    ]
    files["other_dtypes.safetensors"] = (serialize(other, {"note": "converted on read"}), other)
    canon_tensors, canon_meta = canonical_input()
    canonical = serialize(canon_tensors, canon_meta)
    files["canonical.safetensors"] = (canonical, canon_tensors)

    expected = {}
    for name, (data, tensors) in files.items():
        put(name, data)
        expected[name] = values_of(tensors)
    with open(os.path.join(out_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")

    # malformed files and a fragment their error message must contain
    good = canonical
    n = struct.unpack("<Q", good[:8])[0]
    malformed = {}

    def bad(name, data, fragment):
        put(name, data)
        malformed[name] = fragment

    bad("bad_truncated.safetensors", good[:-5], "past the end of the data buffer")
    bad("bad_header_too_large.safetensors", struct.pack("<Q", 1 << 40) + good[8:], "absurd")
    bad("bad_header_past_end.safetensors", struct.pack("<Q", 4096) + good[8:200], "runs past the end")
    bad("bad_too_short.safetensors", b"\x08\x00\x00", "too short")

    def raw_header(header_text, data):
        text = header_text.encode("utf-8")
        text += b" " * ((8 - len(text) % 8) % 8)
        return struct.pack("<Q", len(text)) + text + data

    bad("bad_json.safetensors", raw_header('{"a":{"dtype":"F32","shape":[2],', b"\0" * 8), "not valid JSON")
    bad("bad_not_object.safetensors", raw_header('[1,2,3]', b""), "must be a JSON object")
    bad("bad_overlap.safetensors", raw_header(
        '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}',
        b"\0" * 24), "overlapping")
    bad("bad_gap.safetensors", raw_header(
        '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}',
        b"\0" * 24), "gap")
    bad("bad_leftover.safetensors", raw_header('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', b"\0" * 12),
        "left over")
    bad("bad_shape_mismatch.safetensors", raw_header('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', b"\0" * 8),
        "needs 12 bytes")
    bad("bad_dtype.safetensors", raw_header('{"a":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}}', b"\0" * 8),
        "dtype F7 is unknown")
    bad("bad_dtype_f8.safetensors", raw_header('{"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}', b"\0" * 2),
        "not supported")
    bad("bad_metadata.safetensors", raw_header('{"__metadata__":{"epoch":7}}', b""), "must be a string")
    bad("bad_utf8.safetensors", struct.pack("<Q", 8) + b'{"\xff":1}  ', "not valid UTF-8")
    bad("bad_offsets_reversed.safetensors", raw_header('{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}', b"\0" * 8),
        "out of order")
    with open(os.path.join(out_dir, "malformed.json"), "w", encoding="utf-8") as f:
        json.dump(malformed, f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "canonical.sha256"), "w") as f:
        f.write(hashlib.sha256(canonical).hexdigest() + "\n")
    print(f"wrote {len(files)} fixtures and {len(malformed)} malformed files to {os.path.normpath(out_dir)}")
    print("canonical sha256", hashlib.sha256(canonical).hexdigest())


class Invalid(Exception):
    pass


def read_strict(path):
    """Reads a safetensors file, checking every rule; returns (metadata, [(name, array)]) in header order."""
    data = open(path, "rb").read()
    if len(data) < 8:
        raise Invalid("shorter than 8 bytes")
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000 or 8 + n > len(data):
        raise Invalid(f"header length {n} impossible for a file of {len(data)} bytes")
    if n % 8 != 0:
        raise Invalid(f"header length {n} is not a multiple of 8 (reference writers pad it)")
    text = data[8:8 + n].decode("utf-8")
    if not text.startswith("{"):
        raise Invalid("header does not start with '{'")
    header = json.loads(text, object_pairs_hook=lambda pairs: _no_duplicates(pairs))
    metadata = header.pop("__metadata__", {})
    for k, v in metadata.items():
        if not isinstance(v, str):
            raise Invalid(f"metadata {k!r} is not a string")
    buffer = data[8 + n:]
    spans = sorted((info["data_offsets"][0], info["data_offsets"][1], name) for name, info in header.items())
    pos = 0
    for begin, end, name in spans:
        if begin != pos or end < begin:
            raise Invalid(f"tensor {name!r}: offsets [{begin}, {end}] do not continue at {pos}")
        pos = end
    if pos != len(buffer):
        raise Invalid(f"tensors cover {pos} bytes, the buffer has {len(buffer)}")
    out = []
    for name, info in header.items():
        dtype = info["dtype"]
        if dtype not in DTYPES or dtype == "BF16":
            raise Invalid(f"tensor {name!r}: dtype {dtype} not handled by this checker")
        np_dtype, size = DTYPES[dtype]
        begin, end = info["data_offsets"]
        count = int(np.prod(info["shape"], dtype=np.int64))
        if end - begin != count * size:
            raise Invalid(f"tensor {name!r}: {end - begin} bytes for shape {info['shape']} of {dtype}")
        arr = np.frombuffer(buffer[begin:end], dtype=np.dtype(np_dtype).newbyteorder("<")).reshape(info["shape"])
        out.append((name, dtype, arr))
    order = [name for name, _, _ in out]
    by_offset = [name for _, _, name in spans]
    expected_order = sorted(order, key=lambda nm: (-ORDER.index(header[nm]["dtype"]), nm.encode("utf-8")))
    return metadata, out, order == by_offset == expected_order


def _no_duplicates(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise Invalid(f"duplicate key {k!r}")
        seen[k] = v
    return seen


def verify(path, canonical):
    metadata, tensors, reference_order = read_strict(path)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    print(f"{path}: valid safetensors, {len(tensors)} tensors, metadata {metadata}")
    for name, dtype, arr in tensors:
        print(f"  {name!r:16} {dtype} {list(arr.shape)} sum={float(arr.astype(np.float64).sum())!r}")
    print(f"  laid out in the reference's order (dtype alignment, then name): {reference_order}")
    print(f"  sha256 {digest}")
    if canonical:
        ctensors, cmeta = canonical_input()
        if metadata != cmeta:
            raise Invalid(f"metadata differs from the canonical input: {metadata}")
        got = {name: arr for name, _, arr in tensors}
        for name, dtype, shape, raw in ctensors:
            want = np.frombuffer(raw, dtype=np.dtype(DTYPES[dtype][0]).newbyteorder("<")).reshape(shape)
            if name not in got or got[name].shape != want.shape or got[name].tobytes() != want.tobytes():
                raise Invalid(f"tensor {name!r} differs from the canonical input")
        expected = serialize(ctensors, cmeta)
        if open(path, "rb").read() != expected:
            raise Invalid("same content, but not byte-identical to the reference layout")
        print("  byte-identical to this script's serialization of the canonical input")


def main(argv):
    if len(argv) >= 1 and argv[0] == "write":
        write_fixtures(argv[1] if len(argv) > 1 else DEFAULT_OUT)
        return 0
    if len(argv) >= 2 and argv[0] == "verify":
        try:
            verify(argv[1], "--canonical" in argv[2:])
        except (Invalid, ValueError, KeyError, UnicodeDecodeError) as e:
            print(f"{argv[1]}: INVALID: {e}", file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
