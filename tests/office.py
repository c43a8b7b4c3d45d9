"""What an office does with our files: open them in LibreOffice (headless) and print them to PDF."""

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

A4_PORTRAIT = (595.3, 841.9)  # points
TIMES = {"TimesNewRoman", "TimesNewRomanPSMT", "LiberationSerif"}  # Liberation Serif: Times' metric twin


def libreoffice(source: Path, target: str, profile: Path, infilter: str | None = None) -> Path:
    """Convert `source` with LibreOffice to `target` ("pdf", "csv:…", "xlsx"); the new file's path.
    `infilter` reads the source a given way ("CSV:44,34,76,1": comma, quote, UTF-8, from line 1)."""
    if shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is missing: `apt-get install libreoffice-calc-nogui libreoffice-writer-nogui` "
                    "(.ci/run installs them)")
    options = [f"--infilter={infilter}"] if infilter else []
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless", *options,
                    "--convert-to", target, "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True, timeout=180)
    return source.with_suffix("." + target.split(":")[0])


def pdf_of(data: bytes, name: str, folder: Path) -> PdfReader:
    source = folder / name
    source.write_bytes(data)
    return PdfReader(libreoffice(source, "pdf", folder / "profile"))


def font_families(reader: PdfReader) -> set[str]:
    """Base font names without subset prefix or style: {"LiberationSerif"} for regular, bold and italic."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+")[-1].split("-")[0].split(",")[0])
    return names


def page_size(reader: PdfReader, number: int = 0) -> tuple[float, float]:
    box = reader.pages[number].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def squeeze(text: str) -> str:
    """Text without whitespace: PDF text extraction breaks and joins lines inside table cells at will."""
    return "".join(text.split())
