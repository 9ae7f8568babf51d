"""Files written atomically are readable by the web server's user, like uploaded ones."""

import stat

from core.storage import write_atomically


def test_write_atomically_file_gets_upload_permissions(tmp_path, settings):
    settings.FILE_UPLOAD_PERMISSIONS = 0o640
    path = tmp_path / "files" / "summary.pdf"

    write_atomically(path, b"%PDF-1.7")

    assert path.read_bytes() == b"%PDF-1.7"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_atomically_default_permissions_let_others_read(tmp_path, settings):
    settings.FILE_UPLOAD_PERMISSIONS = None
    path = tmp_path / "anchor.json"

    write_atomically(path, b"{}")

    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["anchor.json"]
