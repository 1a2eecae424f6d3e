"""Rolling monthly figures up into financial quarters and years."""

from decimal import Decimal as D

import pytest

from clearsight.engine.periods import PeriodType, month
from clearsight.engine.rollup import Method, MonthFigure, RollUpError, roll_up

QUARTER, YEAR = PeriodType.QUARTER, PeriodType.FINANCIAL_YEAR


def share(year: int, m: int, numerator: int, denominator: int) -> MonthFigure:
    return MonthFigure(month(year, m), D(100) * numerator / denominator, D(numerator), D(denominator))


def test_a_share_pools_its_months_rather_than_averaging_the_percentages() -> None:
    # April 4 of 4 (100%), May 10 of 100 (10%), June 20 of 100 (20%): 34 of 204, not the 43.3% mean
    figures = [share(2017, 4, 4, 4), share(2017, 5, 10, 100), share(2017, 6, 20, 100)]
    (q1,) = roll_up(figures, QUARTER, "percentage")
    assert (q1.period.key, q1.numerator, q1.denominator) == ("2017-18-Q1", D(34), D(204))
    assert q1.value == D("16.6667") and q1.method is Method.POOLED and q1.complete


def test_quarters_and_years_are_financial_and_say_when_months_are_missing() -> None:
    figures = [share(2018, 3, 5, 10), share(2018, 4, 6, 10), share(2017, 12, 1, 10)]
    quarters = roll_up(figures, QUARTER, "percentage")
    assert [(q.period.key, q.coverage) for q in quarters] == [
        ("2017-18-Q3", "1 of 3 months"), ("2017-18-Q4", "1 of 3 months"), ("2018-19-Q1", "1 of 3 months")]
    years = roll_up(figures, YEAR, "percentage")
    assert [(y.period.key, y.numerator, y.denominator, y.coverage) for y in years] == [
        ("2017-18", D(6), D(20), "2 of 12 months"), ("2018-19", D(6), D(10), "1 of 12 months")]


def test_counts_and_rates_take_the_last_month_with_a_figure_not_a_sum() -> None:
    counts = [MonthFigure(month(2017, m), D(v)) for m, v in ((4, 300), (5, 310), (6, 290))]
    (q1,) = roll_up(counts, QUARTER, "count")
    assert (q1.value, q1.method, q1.months) == (D(290), Method.LATEST, (0, 1, 2))
    rates = [MonthFigure(month(2017, 4), D("45.2"), D(230), D(50880)), MonthFigure(month(2017, 5), D("46.0"),
                                                                                   D(234), D(50880))]
    assert roll_up(rates, QUARTER, "rate_per_10k")[0].value == D("46.0")


def test_a_share_with_a_month_entered_without_its_counts_falls_back_to_the_latest_month() -> None:
    figures = [share(2017, 4, 8, 10), MonthFigure(month(2017, 5), D(70))]
    (q1,) = roll_up(figures, QUARTER, "percentage")
    assert (q1.value, q1.method) == (D(70), Method.LATEST)


def test_the_order_of_the_months_given_does_not_matter() -> None:
    figures = [share(2017, 6, 1, 2), share(2017, 4, 3, 4), MonthFigure(month(2017, 5), D(10))]
    (q1,) = roll_up(figures, QUARTER, "count")
    assert q1.value == D(50) and q1.months == (1, 2, 0)


def test_only_monthly_figures_roll_up_into_quarters_or_years() -> None:
    (q,) = roll_up([share(2017, 4, 1, 2)], QUARTER, "percentage")
    with pytest.raises(RollUpError, match="Only monthly"):
        roll_up([MonthFigure(q.period, q.value)], YEAR, "percentage")
    with pytest.raises(RollUpError, match="quarters or financial years"):
        roll_up([share(2017, 4, 1, 2)], PeriodType.SNAPSHOT, "percentage")
