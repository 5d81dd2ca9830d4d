"""cat_kz.files: atomic writes keep a file's permissions; hashing and swapping folders."""

from __future__ import annotations

import os

from cat_kz.files import digest_files, tree_digest, write_atomic


def test_a_rewritten_private_file_stays_private(tmp_path):
    path = tmp_path / "slides.html"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o600)
    write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new" and (path.stat().st_mode & 0o777) == 0o600


def test_a_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert ((tmp_path / "new.txt").stat().st_mode & 0o777) == 0o600


def test_a_tree_digest_changes_with_a_file_s_bytes_or_name(tmp_path):
    (tmp_path / "a.csv").write_text("1", encoding="utf-8")
    first = tree_digest(tmp_path)
    (tmp_path / "a.csv").write_text("2", encoding="utf-8")
    second = tree_digest(tmp_path)
    (tmp_path / "a.csv").rename(tmp_path / "b.csv")
    assert len({first, second, tree_digest(tmp_path)}) == 3
    assert tree_digest(tmp_path) == digest_files(tmp_path, [tmp_path / "b.csv"])
