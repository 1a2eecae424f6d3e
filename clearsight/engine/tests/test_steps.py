import re

from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.steps import split_steps


def test_it_splits_numbered_sub_steps() -> None:
    intro, steps = split_steps(
        "Review the service: 1) undertake an e2e review 2) Confirm revised JD 3) Assess requirements"
    )
    assert intro == "Review the service"
    assert steps == ["undertake an e2e review", "Confirm revised JD", "Assess requirements"]


def test_it_reads_dotted_and_roman_markers() -> None:
    assert split_steps("1. Establish meetings 2. NPS to contribute")[1] == ["Establish meetings", "NPS to contribute"]
    assert split_steps("(i) Practice Improvement Lead (ii) Quality Assurance Manager")[1] == [
        "Practice Improvement Lead", "Quality Assurance Manager"]


def test_a_lone_number_is_not_a_step() -> None:
    text = "Ensure children are seen within 5 days. of the referral"
    assert split_steps(text) == (text, [])


def test_numbers_must_count_up_from_one() -> None:
    text = "Agree 3) targets and 7) dashboards"
    assert split_steps(text) == (text, [])


MARKER_WORD = re.compile(r"^(\(?(\d{1,2}|[ivx]{1,4})\)|\d{1,2}[).])$")


@given(st.lists(st.sampled_from(["Review", "the", "1)", "2)", "3.", "(i)", "(ii)", "plan:", "5", "days."]), max_size=30))
def test_splitting_never_loses_a_word(words: list[str]) -> None:
    text = " ".join(words)
    intro, steps = split_steps(text)

    def content(s: str) -> list[str]:
        # Step markers may be dropped and an intro's trailing colon trimmed; nothing else may go.
        return [w.rstrip(":") for w in s.split() if not MARKER_WORD.match(w) and w.rstrip(":")]

    assert content(" ".join([intro, *steps])) == content(text)
    if not steps:
        assert intro == text.strip()
