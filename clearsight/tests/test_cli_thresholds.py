"""``clearsight thresholds``: the JSON contract, the table, and exit codes, through ``cli.main``."""

from __future__ import annotations

import json

import pytest

from clearsight.cli import main

GRADES = {
    "Inadequate", "Requires Improvement", "Good", "Outstanding", "Ungraded", "Improving", "No change",
    "Worsening",
}  # fmt: skip


def run_json(capsys, *args: str) -> dict:
    assert main(["thresholds", *args, "--json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)


def test_it_prints_one_json_object_in_the_contract_shape(capsys):
    out = run_json(capsys, "65-79 | 80-89 | 90-100", "--value", "79.5")
    assert set(out) == {"polarity", "bands", "warnings", "grades"}
    assert out["polarity"] == "higher"
    assert out["warnings"] == []
    assert out["grades"] == [{"value": 79.5, "grade": "Requires Improvement"}]
    assert out["bands"] == [
        {"grade": "Inadequate", "low": None, "high": 65, "low_inclusive": False, "high_inclusive": False},
        {
            "grade": "Requires Improvement",
            "low": 65,
            "high": 80,
            "low_inclusive": True,
            "high_inclusive": False,
        },
        {"grade": "Good", "low": 80, "high": 90, "low_inclusive": True, "high_inclusive": False},
        {"grade": "Outstanding", "low": 90, "high": None, "low_inclusive": True, "high_inclusive": False},
    ]


def test_values_are_graded_in_the_order_given_as_floats(capsys):
    out = run_json(capsys, "25-20 | 19-15 | <14", "--value", "30", "--value", "14", "--value", "13.5",
                   "--value", "20")  # fmt: skip
    assert out["polarity"] == "lower"
    assert out["grades"] == [
        {"value": 30.0, "grade": "Inadequate"},
        {"value": 14.0, "grade": "Good"},
        {"value": 13.5, "grade": "Outstanding"},
        {"value": 20.0, "grade": "Requires Improvement"},
    ]
    assert all(isinstance(g["value"], float) for g in out["grades"])
    assert [w["code"] for w in out["warnings"]] == ["gap"]


def test_the_sefton_nfa_bands_warn_and_read_the_open_end_the_polarity_way(capsys):
    out = run_json(capsys, "40-50 | 49-25 | >24", "--value", "24", "--value", "24.5", "--value", "49.5")
    assert out["polarity"] == "lower"
    assert sorted(w["code"] for w in out["warnings"]) == ["direction_conflict", "overlap"]
    assert ">24" in next(w["message"] for w in out["warnings"] if w["code"] == "direction_conflict")
    assert [g["grade"] for g in out["grades"]] == ["Outstanding", "Good", "Requires Improvement"]
    assert out["bands"][-1] == {
        "grade": "Outstanding", "low": None, "high": 24, "low_inclusive": False, "high_inclusive": True,
    }  # fmt: skip


def test_a_polarity_override_wins_with_a_warning(capsys):
    out = run_json(capsys, "20-24 | 19-16 | <16", "--polarity", "higher", "--value", "10")
    assert out["polarity"] == "higher"
    assert "direction_conflict" in {w["code"] for w in out["warnings"]}


def test_a_single_band(capsys):
    out = run_json(capsys, "25-21 | | ", "--value", "26", "--value", "22", "--value", "20")
    assert out["polarity"] == "lower"
    assert [w["code"] for w in out["warnings"]] == ["single_band"]
    assert [g["grade"] for g in out["grades"]] == ["Inadequate", "Requires Improvement", "Ungraded"]


def test_direction_only_with_and_without_previous(capsys):
    out = run_json(capsys, "Increase", "--value", "12", "--value", "10", "--value", "8", "--previous", "10")
    assert out["polarity"] == "direction"
    assert out["bands"] == []
    assert [w["code"] for w in out["warnings"]] == ["direction_only"]
    assert [g["grade"] for g in out["grades"]] == ["Improving", "No change", "Worsening"]
    out = run_json(capsys, "Increase", "--value", "12")
    assert out["grades"] == [{"value": 12.0, "grade": "Ungraded"}]


def test_unparseable_text_is_kept_verbatim_and_still_exits_0(capsys):
    out = run_json(capsys, "about 60 | 70-79 | 80+", "--value", "65")
    assert [w["code"] for w in out["warnings"]] == ["unparseable"]
    assert "'about 60'" in out["warnings"][0]["message"]
    assert all(g["grade"] in GRADES for g in out["grades"])


def test_without_values_grades_is_empty(capsys):
    assert run_json(capsys, "65-79 | 80-89 | 90-100")["grades"] == []


def test_negative_values_need_no_equals_sign(capsys):
    out = run_json(capsys, "16-25 | 6-15 | 0-5", "--value", "-1", "--value=-0.5")
    assert [g["grade"] for g in out["grades"]] == ["Outstanding", "Outstanding"]


def test_the_table_is_readable(capsys):
    assert main(["thresholds", "65-74 | 75-80 | 85+", "--value", "82"]) == 0
    out = capsys.readouterr().out
    assert "higher is better" in out
    assert "Good" in out and "75 to below 85" in out
    assert "[gap]" in out
    assert "82" in out.splitlines()[-1] and "Good" in out.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ["65-79", "--value", "abc"],
        ["65-79", "--value", "nan"],
        ["65-79", "--value", "inf"],
        ["65-79", "--value", "-inf"],
        ["Increase", "--value", "1", "--previous", "nan"],
        ["65-79", "--polarity", "sideways"],
        ["65-79", "--bogus"],
        [],
    ],
)
def test_bad_arguments_exit_2(capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(["thresholds", *args])
    assert exit_.value.code == 2
    assert capsys.readouterr().out == ""


def test_it_is_listed_in_the_usage(capsys):
    assert main(["--help"]) == 0
    assert "thresholds" in capsys.readouterr().out
