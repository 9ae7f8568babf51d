import re

from bench.report import Spread, Target

LINE = re.compile(r"^(?P<name>[a-z_]+): (?P<value>[\d.]+)×? \(target (?:≥|≤|=) [\d.]+×?\) (?P<verdict>OK|MISSED)$")


def test_target_line_met_reads_ok_in_the_scripted_shape():
    line = Target("grid_throughput_ratio", 0.6123, "≥", 0.6).line()

    assert line == "grid_throughput_ratio: 0.61× (target ≥ 0.6×) OK"
    assert LINE.match(line)


def test_target_line_rounding_would_hide_a_miss_shows_one_more_digit():
    line = Target("grid_throughput_ratio", 0.597, "≥", 0.6).line()

    assert line == "grid_throughput_ratio: 0.597× (target ≥ 0.6×) MISSED"


def test_target_line_count_has_no_unit_and_no_decimals():
    line = Target("bare_get_writes", 1, "=", 0, unit="", digits=0).line()

    assert line == "bare_get_writes: 1 (target = 0) MISSED"
    assert LINE.match(line)


def test_spread_of_rounds_is_median_low_high():
    assert Spread.of([0.4, 0.67, 0.55]) == Spread(0.55, 0.4, 0.67)
    assert Spread.of([1.0, 3.0]).show(1, "×") == "2.0× (1.0–3.0)"
