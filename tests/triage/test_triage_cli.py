"""The assess, eval and assess-bench commands, driven through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mbcwatch.cli import main


def test_assess_text_prints_a_readable_answer() -> None:
    result = CliRunner().invoke(main, ["assess", "I had a fit this morning"])
    assert result.exit_code == 0, result.output
    assert "Urgency: EMERGENCY" in result.output
    assert "not a diagnosis" in result.output


def test_assess_json_follows_the_contract() -> None:
    result = CliRunner().invoke(main, ["assess", "--json", "--locale", "US", "I had a fit"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["urgency"] == "emergency"
    assert "911" in data["advice"]


def test_assess_input_file(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"id": "p1", "symptoms": [{"id": "jaundice"}]}))
    result = CliRunner().invoke(main, ["assess", "--json", "--input", str(request)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == "p1"


def test_assess_bad_input_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text('{"symptoms": [{"id": "back_pian"}]}')
    result = CliRunner().invoke(main, ["assess", "--input", str(request)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: symptoms.0.id: unknown symptom id 'back_pian'")


def test_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    out = tmp_path / "out.jsonl"
    source.write_text(
        '{"id": "a", "symptoms": [{"id": "seizure"}]}\n'
        "{not json\n"
        '{"id": "c", "context": {"treatments": ["chemo"]}, "text": "hi"}\n'
        '{"id": "d", "symptoms": [{"id": "hot_flushes"}],'
        ' "context": {"treatments": ["endocrine_therapy"]}}\n'
    )
    result = CliRunner().invoke(main, ["assess", "--jsonl", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", None, "c", "d"]
    assert lines[0]["urgency"] == "emergency"
    assert lines[1]["error"]["code"] == "invalid_json"
    assert lines[2]["error"]["field"] == "context.treatments.0"
    assert "known: chemotherapy" in lines[2]["error"]["message"]
    assert lines[3]["urgency"] == "routine"


def test_batch_of_an_unreadable_file_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", "--jsonl", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot read")


def test_eval_fails_when_an_emergency_is_missed(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    case = {
        "id": "x1",
        "input": {
            "symptoms": [{"id": "hot_flushes"}],
            "context": {"treatments": ["endocrine_therapy"]},
        },
        "gold": {"urgency": "emergency", "acceptable": ["emergency"]},
        "source": "deliberately wrong label",
    }
    cases.write_text(json.dumps(case) + "\n")
    result = CliRunner().invoke(main, ["eval", str(cases)])
    assert result.exit_code == 1
    assert "FAIL: emergency sensitivity 0.0% < 100%" in result.output


def test_eval_json_reports_every_metric(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    case = {
        "id": "x1",
        "input": {"symptoms": [{"id": "seizure"}]},
        "gold": {
            "urgency": "emergency",
            "acceptable": ["emergency"],
            "sites": ["brain"],
            "red_flags": ["seizure"],
        },
        "source": "Macmillan secondary brain",
    }
    cases.write_text(json.dumps(case) + "\n")
    result = CliRunner().invoke(main, ["eval", "--json", str(cases)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["emergency_sensitivity"] == 1.0
    assert data["site_recall_at_3"] == 1.0
    assert data["red_flag_recall"] == 1.0
    assert data["confusion"]["emergency"]["emergency"] == 1


def test_eval_rejects_a_malformed_case_naming_the_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "x", "input": {}, "gold": {"urgency": "now", "acceptable": ["now"]},'
        ' "source": "s"}\n'
    )
    result = CliRunner().invoke(main, ["eval", str(cases)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: line 1: gold.urgency")


def test_bench_prints_figures_beside_the_baseline() -> None:
    result = CliRunner().invoke(main, ["assess-bench", "--repeat", "1", "--json"])
    assert result.exit_code == 0, result.output
    names = [row["name"] for row in json.loads(result.output)["figures"]]
    assert names[0] == "structured (baseline)"
    assert names[1:] == [f"text, {n} sentence{'s' if n > 1 else ''}" for n in range(1, 6)]


def test_assess_without_input_is_an_error() -> None:
    result = CliRunner().invoke(main, ["assess"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: give exactly one of TEXT")


def test_batch_to_an_unwritable_output_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"symptoms": [{"id": "cough"}]}\n')
    target = tmp_path / "missing-folder" / "out.jsonl"
    result = CliRunner().invoke(main, ["assess", "--jsonl", str(source), "--out", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write")
