"""Navigation stays small on every page, however many schools a district has."""

from __future__ import annotations

from plansite.navigation import GROUP_SIZE, group_entries


def school(name: str) -> dict[str, list[str]]:
    return {name: [f"{name.lower().replace(' ', '-')}/index.md"]}


def test_a_few_schools_are_listed_as_they_are() -> None:
    schools = [school(f"School {n:02d}") for n in range(1, GROUP_SIZE + 3)]
    assert group_entries(schools) == schools


def test_many_schools_are_grouped_in_tens_named_by_their_first_and_last() -> None:
    schools = [school(f"School {n:02d}") for n in range(1, 26)]
    grouped = group_entries(schools)
    assert [next(iter(g)) for g in grouped] == [
        "School 01 to School 10",
        "School 11 to School 20",
        "School 21 to School 25",
    ]
    assert [s for g in grouped for s in next(iter(g.values()))] == schools
