#!/usr/bin/env python3
"""Regenerates the NPZ test fixtures with real numpy, and expected.json describing them.

Run from this directory:  python3 make_fixtures.py
expected.json maps each good file to its arrays: descr, shape, fortran_order, compressed and the
sha256 of np.ascontiguousarray(a).tobytes() (C order, the file's own byte order), plus the first
row's values as numpy reads them, so tests compare our bytes with what numpy wrote.
"""
import hashlib
import io
import json
import os
import struct
import zipfile

import numpy as np

rng = np.random.default_rng(20261128)
ROWS = 7


def dtype_arrays():
    arrays = {}
    for code in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"]:
        for order, prefix in (("<", "le"), (">", "be")):
            dt = np.dtype(order + code)
            if dt.kind in "iu":
                info = np.iinfo(dt)
                a = rng.integers(info.min, info.max, size=(ROWS, 3), dtype=dt.newbyteorder("="), endpoint=True).astype(dt)
            elif dt.kind == "f":
                a = (rng.standard_normal((ROWS, 3)) * 100).astype(dt)
            else:
                a = (rng.standard_normal((ROWS, 3)) + 1j * rng.standard_normal((ROWS, 3))).astype(dt)
            arrays[f"{prefix}_{code}"] = a
    arrays["b1"] = rng.integers(0, 2, size=(ROWS, 3)).astype("?")
    arrays["S5"] = np.array([[b"ab", b"hello", b""]] * ROWS, dtype="S5")
    for order, prefix in (("<", "le"), (">", "be")):
        arrays[f"{prefix}_U3"] = np.array([["x", "yz\u00e9", "\U0001F600"]] * ROWS, dtype=order + "U3")
        arrays[f"{prefix}_M8"] = (np.datetime64("2026-11-28T10:00:00", "ns")
                                  + np.arange(ROWS * 2).reshape(ROWS, 2).astype("m8[s]")).astype(order + "M8[ns]")
        arrays[f"{prefix}_m8"] = np.arange(ROWS).astype(order + "m8[s]")
    arrays["generic_M8"] = np.array(["NaT"] * ROWS, dtype="M8")
    arrays["M8_10s"] = np.arange(ROWS).astype("M8[10s]")
    arrays["scalar_rows"] = np.arange(ROWS, dtype="<i4")
    arrays["cube"] = rng.integers(0, 255, size=(ROWS, 2, 3, 4), dtype=np.uint8)
    return arrays


class NoSeek(io.RawIOBase):
    """A write-only stream without seek: zipfile must use data descriptors."""

    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, b):
        return self.f.write(b)

    def seekable(self):
        return False


def npy_bytes(a, version=None):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, a, version=version, allow_pickle=False)
    return buf.getvalue()


def write_zip(path, entries, compress=False):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        for name, data in entries.items():
            # A fixed timestamp keeps regenerated fixtures byte-identical.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            z.writestr(info, data)


def good_files():
    arrays = dtype_arrays()
    np.savez("dtypes_stored.npz", **arrays)
    np.savez_compressed("dtypes_compressed.npz", **arrays)

    fortran = {
        "F3": np.asfortranarray(rng.integers(-1000, 1000, size=(5, 3, 4)).astype("<i4")),
        "F2": np.asfortranarray(rng.standard_normal((5, 6)).astype(">f8")),
        "C": np.arange(5, dtype="u1"),
    }
    np.savez("fortran_stored.npz", **fortran)
    np.savez_compressed("fortran_compressed.npz", **fortran)

    a = rng.integers(0, 255, size=(6, 4), dtype=np.uint8)
    b = np.arange(6, dtype="<i8")
    write_zip("v2_header.npz", {"A.npy": npy_bytes(a, (2, 0)), "B.npy": npy_bytes(b, (2, 0))})
    write_zip("v3_header.npz", {"A.npy": npy_bytes(a, (3, 0)), "B.npy": npy_bytes(b, (3, 0))})

    with open("data_descriptors.npz", "wb") as f:
        np.savez(NoSeek(f), X=rng.integers(0, 255, size=(9, 5), dtype=np.uint8), Y=np.arange(9, dtype="<u2"))
    with open("data_descriptors_compressed.npz", "wb") as f:
        np.savez_compressed(NoSeek(f), X=rng.integers(0, 255, size=(9, 5), dtype=np.uint8), Y=np.arange(9, dtype="<u2"))

    np.savez("zero_rows.npz", X=np.zeros((0, 28, 28), dtype=np.uint8), Y=np.zeros((0,), dtype=np.uint8))
    np.savez_compressed("zero_rows_compressed.npz", X=np.zeros((0, 3), dtype="<f4"), Y=np.zeros((0,), dtype="<i8"))

    labels = rng.integers(0, 3, size=10)
    np.savez("onehot.npz", X=rng.integers(0, 255, size=(10, 4, 4), dtype=np.uint8),
             Y=np.eye(3, dtype="<f4")[labels])


def bad_files():
    good = io.BytesIO()
    np.savez(good, X=np.arange(40, dtype="<i4").reshape(10, 4), Y=np.arange(10, dtype="u1"))
    data = good.getvalue()
    open("bad_truncated.npz", "wb").write(data[: len(data) // 2])
    open("bad_truncated_tail.npz", "wb").write(data[:-10])
    open("bad_not_zip.npz", "wb").write(b"this is plain text, not a zip archive at all\n" * 3)
    open("bad_empty.npz", "wb").write(b"")
    np.savez("bad_rows.npz", X=np.zeros((5, 2), dtype="u1"), Y=np.zeros((4,), dtype="u1"))
    np.savez("bad_object.npz", X=np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.savez("bad_structured.npz", X=np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]))
    np.savez("bad_0d.npz", X=np.array(3.5))
    bad_magic = bytearray(npy_bytes(np.arange(4, dtype="u1")))
    bad_magic[1:6] = b"NUMPX"
    write_zip("bad_magic.npz", {"X.npy": bytes(bad_magic)})
    small = npy_bytes(np.arange(4, dtype="<i4"))
    write_zip("bad_shape.npz", {"X.npy": small.replace(b"(4,)", b"(9,)")})
    huge = npy_bytes(np.arange(4, dtype="<i4"))
    write_zip("bad_huge_rows.npz", {"X.npy": huge.replace(b"'shape': (4,), ", b"'shape': (10**18,)".replace(b"10**18", b"1000000000000000000") + b", ")[:len(huge)]})
    hdr = bytearray(npy_bytes(np.arange(4, dtype="<i4")))
    struct.pack_into("<H", hdr, 8, 60000)
    write_zip("bad_header_length.npz", {"X.npy": bytes(hdr)})
    write_zip("bad_dtype.npz", {"X.npy": npy_bytes(np.arange(4, dtype="<i4")).replace(b"'<i4'", b"'<q7'")})
    # A deflated entry whose stream holds more than the sizes declared in the zip directory.
    bigger = npy_bytes(np.arange(64, dtype="<i4"))
    smaller = npy_bytes(np.arange(16, dtype="<i4"))
    write_zip("bad_inflates_more.npz", {"X.npy": smaller + bigger}, compress=True)
    raw = bytearray(open("bad_inflates_more.npz", "rb").read())
    declared = len(smaller)
    # Declare only the first array's bytes: patch the uncompressed size in the local header
    # (offset 22) and in the central directory (offset 24).
    struct.pack_into("<I", raw, 22, declared)
    cd = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 24, declared)
    open("bad_inflates_more.npz", "wb").write(bytes(raw))


def describe(path):
    out = []
    with zipfile.ZipFile(path) as z:
        infos = {i.filename: i for i in z.infolist()}
    with np.load(path) as npz:
        for name in npz.files:
            a = npz[name]
            info = infos[name + ".npy"]
            c = np.ascontiguousarray(a)
            first = c[0].tolist() if len(c) else None
            if a.dtype.kind in "Mm":
                first = c[0].astype("<i8").tolist() if len(c) else None
            elif a.dtype.kind == "S":
                first = [x.decode("latin-1") for x in c[0].tolist()] if len(c) else None
            elif a.dtype.kind == "c":
                first = [[x.real, x.imag] for x in np.ravel(c[0]).tolist()] if len(c) else None
            out.append({
                "name": name,
                "descr": np.lib.format.dtype_to_descr(a.dtype),
                "shape": list(a.shape),
                "fortran_order": bool(a.flags.f_contiguous and not a.flags.c_contiguous),
                "compressed": info.compress_type != zipfile.ZIP_STORED,
                "sha256": hashlib.sha256(c.tobytes()).hexdigest(),
                "first_row": first,
            })
    return out


if __name__ == "__main__":
    good_files()
    bad_files()
    expected = {}
    for f in sorted(os.listdir(".")):
        if f.endswith(".npz") and not f.startswith("bad_"):
            expected[f] = describe(f)
    with open("expected.json", "w") as fh:
        json.dump(expected, fh, indent=1, sort_keys=True)


def mix_datasets(root="../mix"):
    """Three small datasets for source tests. Y encodes provenance: d*1e6 + shard*1e4 + row, and
    X's four bytes are (d, shard, row % 256, row // 256), so tests check bytes against provenance."""
    layout = {"alpha": (4, 50, False), "beta": (2, 80, False), "gamma": (1, 120, True)}
    for d, (name, (shards, rows, compressed)) in enumerate(layout.items()):
        os.makedirs(os.path.join(root, name), exist_ok=True)
        for s in range(shards):
            r = np.arange(rows)
            x = np.stack([np.full(rows, d), np.full(rows, s), r % 256, r // 256], axis=1).astype(np.uint8)
            y = (d * 1_000_000 + s * 10_000 + r).astype("<i8")
            save = np.savez_compressed if compressed else np.savez
            save(os.path.join(root, name, f"part-{s:02d}.npz"), X=x, Y=y)


mix_datasets()
