from datetime import date

from loaders.timeline import month_steps, step_for


def test_a_step_per_month_ending_today() -> None:
    steps = month_steps(date(2022, 9, 12), date(2023, 1, 15))
    assert steps == [date(2022, 9, 30), date(2022, 10, 31), date(2022, 11, 30), date(2022, 12, 31), date(2023, 1, 15)]


def test_a_february_in_a_leap_year_ends_on_the_29th() -> None:
    assert month_steps(date(2024, 2, 1), date(2024, 3, 2))[0] == date(2024, 2, 29)


def test_the_step_for_a_date_is_the_first_on_or_after_it() -> None:
    steps = month_steps(date(2022, 9, 12), date(2023, 1, 15))
    assert step_for(date(2022, 10, 3), steps) == 1
    assert step_for(date(2022, 10, 31), steps) == 1
    assert step_for(None, steps) == 4
    assert step_for(date(2030, 1, 1), steps) == 4
    assert month_steps(date(2023, 1, 1), date(2022, 1, 1)) == [date(2022, 1, 1)]
