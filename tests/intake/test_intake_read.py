"""`desk-app intake read FILE [--json]` on generated faxes: the form, its fields, no guesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.fax_forms import FaxValues
from desk_app.cli import main
from tests.intake.faxes import one_fax


@pytest.fixture(scope="module")
def faxes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, FaxValues]]:
    folder = tmp_path_factory.mktemp("faxes")
    return {"fine": one_fax(folder, 3), "standard-pdf": one_fax(folder, 4, False, ".pdf")}


def read_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    assert main(["intake", "read", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    result = json.loads(out)
    assert isinstance(result, dict)
    return result


@pytest.mark.parametrize("which", ["fine", "standard-pdf"])
def test_json_gives_every_field_read_or_null_never_a_wrong_value(
        which: str, faxes: dict[str, tuple[Path, FaxValues]],
        capsys: pytest.CaptureFixture[str]) -> None:
    path, values = faxes[which]
    result = read_json(capsys, path)
    assert result["form"] == "I-247A" and result["pages"] == 2
    fields = result["fields"]
    assert isinstance(fields, dict)
    expected = values.expected()
    exact = 0
    for name, printed in expected.items():
        value, confidence = fields[name]["value"], fields[name]["confidence"]
        assert 0.0 <= confidence <= 1.0
        if value is None:
            continue
        got = sorted(value) if name == "grounds" else value
        assert got == printed, f"{name}: read {value!r}, printed {printed!r}"
        exact += 1
    assert exact >= len(expected) - 2, fields  # a field or two may be left to type


def test_text_output_names_each_field_and_says_which_to_type(
        faxes: dict[str, tuple[Path, FaxValues]], capsys: pytest.CaptureFixture[str]) -> None:
    path, values = faxes["fine"]
    assert main(["intake", "read", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Form: I-247A   pages: 2")
    assert "Date of birth" in out and values.date_of_birth.isoformat() in out
    assert "File No. (A-number)" in out


def test_a_warrant_is_known_as_a_warrant(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, values = one_fax(tmp_path, 5, form="I-205")
    result = read_json(capsys, path)
    assert result["form"] == "I-205"
    fields = result["fields"]
    assert isinstance(fields, dict)
    assert fields["file_number"]["value"] in (values.file_number, None)


def test_a_missing_or_unreadable_file_is_one_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["intake", "read", str(tmp_path / "nothing.pdf")]) == 2
    assert "check the path" in capsys.readouterr().err
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert main(["intake", "read", str(broken), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("desk-app: broken.pdf is not a readable PDF") and "\n" == err[-1]
