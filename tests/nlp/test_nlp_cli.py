"""The ``mbcwatch nlp`` commands, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mbcwatch.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_read_prints_each_finding_with_its_context() -> None:
    code, out, _ = run("nlp", "read", "no fever but my back has hurt for a fortnight")
    assert code == 0
    assert "fever" in out
    assert "negated" in out
    assert "back_pain" in out
    assert "14 days" in out


def test_read_as_json() -> None:
    code, out, _ = run("nlp", "read", "temp 38,2", "--json")
    assert code == 0
    [finding] = json.loads(out)
    assert finding["symptom_id"] == "fever"
    assert finding["quantities"] == [{"kind": "temperature_c", "value": 38.2, "text": "temp 38,2"}]


def test_read_with_a_bad_date_is_an_error_not_a_traceback() -> None:
    code, _, err = run("nlp", "read", "back pain since monday", "--today", "yesterday")
    assert code == 1
    assert err.startswith("Error: --today")


def test_eval_prints_prf_and_attribute_accuracy(nlp_dev_set: Path) -> None:
    code, out, _ = run("nlp", "eval", str(nlp_dev_set))
    assert code == 0
    for label in (
        "mentions",
        "precision",
        "recall",
        "F1",
        "negation",
        "experiencer",
        "temporality",
        "duration",
        "temperature",
    ):
        assert label in out


def test_eval_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("nlp", "eval", str(tmp_path / "none.jsonl"))
    assert code == 1
    assert err.startswith("Error: no such file")


def test_negex_prints_negation_scores(negex_dev_file: Path) -> None:
    code, out, _ = run("nlp", "negex", str(negex_dev_file), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["rows"] == 1188
    assert report["negation"]["f1"] > 0.949


def test_bench_runs_on_a_tiny_input_and_prints_both_rows(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.jsonl"
    case = {
        "text": "no fever but back pain",
        "mentions": [{"symptom": "fever", "negated": True}, {"symptom": "back_pain"}],
    }
    tiny.write_text(json.dumps(case) + "\n", encoding="utf-8")
    code, out, _ = run("nlp", "bench", str(tiny), "--texts", "20")
    assert code == 0
    assert "mbcwatch.nlp.extract" in out
    assert "EntityRuler + negspacy" in out
    assert "texts/s" in out
    assert "p99 ms" in out


def test_bench_rounds_each_pipeline_in_turn_and_reports_every_round(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_text(json.dumps({"text": "back pain", "mentions": []}) + "\n", encoding="utf-8")
    args = ("nlp", "bench", str(tiny), "--texts", "10", "--rounds", "3")
    code, out, _ = run(*args, "--interleave", "round")
    assert code == 0
    assert "30 texts in 3 rounds, interleaved by round" in out
    assert "(rounds " in out
    code, out, _ = run(*args, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [row["texts"] for row in rows] == [30, 30]
    assert all(len(row["round_texts_per_second"]) == 3 for row in rows)


def test_bench_refuses_zero_rounds(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_text(json.dumps({"text": "back pain", "mentions": []}) + "\n", encoding="utf-8")
    code, _, err = run("nlp", "bench", str(tiny), "--rounds", "0")
    assert code == 1
    assert "Error: --rounds" in err
