"""What a reader gets out of a PDF, through poppler-utils: its text and its fonts."""

import subprocess


def pdf_text(content: bytes, tmp_path, mode: str = "-raw") -> str:
    """The text pdftotext extracts, in reading order (``-raw``) or as laid out on the page (``-layout``)."""
    path = tmp_path / "text.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, check=True, text=True).stdout


def pdf_fonts(content: bytes, tmp_path) -> list[list[str]]:
    """The rows of pdffonts' table, one list of columns per font."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in output.splitlines()[2:]]


def stored_bytes(generated) -> bytes:
    """The bytes of a GeneratedFile as stored."""
    with generated.file.open("rb") as stream:
        return stream.read()
