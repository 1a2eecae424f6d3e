"""Reviews in timescale, shared by child protection plans and periods of care.

A review is due by a date worked out from what came before it: the first from the start (of the
plan, or the period of care), the second from the first, each later one from the one before. A
review is on time when held on or before its due date. In a collection year a child counts once;
their reviews "in the year" are those held in it and those that fell due in it, plus a review
still awaited: once a due date passes with no review and the plan (or care) still open, that is
a late review in every year until one is held. The child is in the numerator when every review
of the year was on time.

History: a return holds only the reviews held in its own year, so for a plan that started before
the earliest loaded year the reviews before that year are unknown. The first review seen for such
a plan is not judged (its predecessor is unknown); it anchors the next one. If none is seen, the
next review is taken as due 6 months after the start of the earliest loaded year (or at the first
due date if that is later) — the most lenient reading of what we cannot see.
"""

from __future__ import annotations


def review_events_sql(*, periods: str, reviews: str, coverage_table: str, second_months: int,
                      later_months: int) -> str:
    """The query for a reviews-in-timescale indicator.

    ``periods`` is a query with one row per plan or period of care: key, child_id, start_date,
    end_date (NULL while open), first_due, collection_year (newest return holding it), upload_id,
    source_row. ``reviews``: key, review_date for reviews held during the period.
    ``coverage_table``: the raw table whose earliest collection year starts the review history.
    """
    return f"""
WITH periods AS ({periods}
),
reviews AS ({reviews}
),
coverage AS (  -- the first day of the earliest year whose reviews are loaded
    SELECT make_date(min(collection_year) - 1, 4, 1) AS first_day FROM {coverage_table}
),
held AS (
    SELECT key, review_date,
           lag(review_date) OVER w AS previous_review,
           lag(review_date, 2) OVER w AS review_before_that
    FROM reviews
    WINDOW w AS (PARTITION BY key ORDER BY review_date)
),
judged AS (  -- each review held, with the date it was due by
    SELECT h.key, h.review_date,
           CASE WHEN h.previous_review IS NULL THEN
                     CASE WHEN p.start_date >= c.first_day THEN p.first_due END  -- NULL: not judged
                WHEN h.review_before_that IS NULL
                     AND (p.start_date >= c.first_day OR h.previous_review <= p.first_due)
                     THEN CAST(h.previous_review + INTERVAL ({second_months}) MONTH AS DATE)
                ELSE CAST(h.previous_review + INTERVAL ({later_months}) MONTH AS DATE)
           END AS due_date
    FROM held h
    JOIN periods p ON p.key = h.key
    CROSS JOIN coverage c
),
awaited AS (  -- the review due after the last one held (or the first, if none was)
    SELECT p.key, p.end_date, p.collection_year,
           CASE WHEN count(h.review_date) = 0 THEN
                     CASE WHEN p.start_date >= c.first_day OR p.first_due >= c.first_day THEN p.first_due
                          ELSE CAST(c.first_day + INTERVAL ({later_months}) MONTH AS DATE) END
                WHEN count(h.review_date) = 1
                     AND (p.start_date >= c.first_day OR max(h.review_date) <= p.first_due)
                     THEN CAST(max(h.review_date) + INTERVAL ({second_months}) MONTH AS DATE)
                ELSE CAST(max(h.review_date) + INTERVAL ({later_months}) MONTH AS DATE)
           END AS due_date
    FROM periods p
    CROSS JOIN coverage c
    LEFT JOIN held h ON h.key = p.key
    GROUP BY p.key, p.start_date, p.end_date, p.first_due, p.collection_year, c.first_day
),
events AS (
    SELECT y.year, j.key, j.review_date <= j.due_date AS on_time,
           CASE WHEN j.review_date BETWEEN y.period_start AND y.period_end THEN j.review_date
                ELSE j.due_date END AS event_date
    FROM judged j
    JOIN cs_years y ON j.review_date BETWEEN y.period_start AND y.period_end
                    OR j.due_date BETWEEN y.period_start AND y.period_end
    WHERE j.due_date IS NOT NULL
    UNION ALL
    SELECT y.year, a.key, FALSE AS on_time, least(y.period_end, greatest(a.due_date, y.period_start))
    FROM awaited a
    JOIN cs_years y ON a.due_date <= y.period_end
                   -- still open on the due date, and at some time in the year
                   AND (a.end_date IS NULL OR (a.end_date > a.due_date AND a.end_date >= y.period_start))
                   -- an open plan is known to be open only up to the newest return that holds it
                   AND y.year <= a.collection_year
)
SELECT e.year, p.child_id, max(e.event_date) AS event_date,
       TRUE AS in_denominator, bool_and(e.on_time) AS in_numerator,
       arg_max(p.upload_id, e.event_date) AS upload_id, arg_max(p.source_row, e.event_date) AS source_row
FROM events e
JOIN periods p ON p.key = e.key
GROUP BY e.year, p.child_id
"""
