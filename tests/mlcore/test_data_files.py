"""The UCI files in data/ are the published ones, whole."""

import hashlib

from .rawdata import DATA_DIR, raw_rows


def listed_checksums() -> dict[str, str]:
    lines = (DATA_DIR / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name.lstrip("*"): digest for digest, name in (line.split() for line in lines if line.strip())}


def test_checksum_list_covers_the_data_files():
    assert set(listed_checksums()) == {"adult.data", "adult.test", "adult.names"}


def test_every_file_matches_its_checksum():
    actual = {name: hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() for name in listed_checksums()}
    assert actual == listed_checksums()


def test_row_counts():
    assert len(raw_rows("adult.data")) == 32_561
    assert len(raw_rows("adult.test")) == 16_281


def test_labels_as_published():
    assert {row["income"] for row in raw_rows("adult.data")} == {"<=50K", ">50K"}
    assert {row["income"] for row in raw_rows("adult.test")} == {"<=50K.", ">50K."}
