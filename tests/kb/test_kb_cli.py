"""``mbcwatch kb check`` and ``mbcwatch kb show``, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mbcwatch.cli import main
from mbcwatch.kb import KnowledgeBase


def test_check_prints_every_count_and_exits_0(kb: KnowledgeBase) -> None:
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert f"Knowledge base {kb.version}: OK" in result.stdout
    for kind, count in kb.counts().items():
        assert f"{kind:<11} {count:>5}" in result.stdout


def test_check_json_reports_version_and_counts(kb: KnowledgeBase) -> None:
    result = CliRunner().invoke(main, ["kb", "check", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"version": kb.version, "counts": kb.counts()}


def test_check_of_a_broken_folder_exits_1_with_a_precise_error(kb_copy: Path) -> None:
    path = kb_copy / "symptoms.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- id: cough\n", "- id: cough\n  colour: red\n"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["kb", "check", "--data", str(kb_copy)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: symptoms.yaml, record 'cough', field 'colour': Extra inputs are not permitted"
    )
    assert "Traceback" not in result.output


def test_check_of_a_folder_without_data_names_the_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["kb", "check", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: sources.yaml: file is missing"


def test_show_prints_the_entry_with_its_sources_titles(kb: KnowledgeBase) -> None:
    result = CliRunner().invoke(main, ["kb", "show", "spinal_cord_compression"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Metastatic spinal cord compression  [red_flag")
    assert "urgency: emergency" in result.stdout
    for source_id in kb.red_flags["spinal_cord_compression"].sources:
        assert f"[{source_id}] {kb.sources[source_id].title}" in result.stdout


def test_show_of_an_id_shared_by_a_symptom_and_a_red_flag_prints_both() -> None:
    result = CliRunner().invoke(main, ["kb", "show", "seizure"])
    assert result.exit_code == 0
    assert "[red_flag seizure]" in result.stdout
    assert "[symptom seizure]" in result.stdout


def test_show_json_is_the_record(kb: KnowledgeBase) -> None:
    result = CliRunner().invoke(main, ["kb", "show", "bisphosphonate", "--json"])
    assert result.exit_code == 0
    entry = json.loads(result.stdout)
    assert entry["table"] == "treatments"
    assert entry["kind"] == "bone_modifying"
    assert entry["dosing_interval"] == kb.treatments["bisphosphonate"].dosing_interval


def test_show_of_an_unknown_id_suggests_close_ids() -> None:
    result = CliRunner().invoke(main, ["kb", "show", "spinal_cord_compresion"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: no knowledge-base entry 'spinal_cord_compresion' "
        "(did you mean 'spinal_cord_compression'"
    )
    assert "Traceback" not in result.output
