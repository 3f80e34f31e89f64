"""The diagnostic codes of loading, schema and reference checks, each with its documentation.

One place for every code the stages before the alignment rules can report, so the reference
page (`plansite codes --format markdown`) is generated from one source. A code never changes
meaning; a retired code is never reused.
"""

from __future__ import annotations

from plansite.diagnostics import Severity, register

MAX_FILE_BYTES = 1024 * 1024
"""A plan file over 1 MiB is a mistake (or an attack); real ones are a few kilobytes."""

MAX_DEPTH = 16
"""Nesting deeper than this is refused; the format needs at most seven levels."""

PS101 = register(
    "PS101",
    "file-unreadable",
    Severity.ERROR,
    "The file could not be read from disk.",
    """
    The operating system refused to read the file (permissions, a broken link, a folder where a
    file was expected). Check that the file exists and is readable, then run the check again.
    """,
)

PS102 = register(
    "PS102",
    "file-too-large",
    Severity.ERROR,
    f"The file is larger than {MAX_FILE_BYTES // 1024} KiB.",
    """
    Plan files are small: a goal with its measures is a few kilobytes. A file this large is a
    mistake (a pasted export, a generated file) and is not parsed. Split it, or remove the data
    that does not belong in the plan.
    """,
)

PS103 = register(
    "PS103",
    "not-utf8",
    Severity.ERROR,
    "The file contains bytes that are not valid UTF-8.",
    """
    Plan files must be saved as UTF-8. This usually comes from text pasted from a word processor
    and saved as Windows-1252 or Latin-1. Re-save the file as UTF-8 in your editor and retype the
    character at the position given.
    """,
)

PS104 = register(
    "PS104",
    "tab-indent",
    Severity.ERROR,
    "A tab character is used for indentation.",
    """
    YAML indentation must use spaces; a tab can make a line belong to a different item than it
    appears to. Replace the tab with spaces (two per level in the sample plans).

    ```yaml
    goals:
    ⇥ - reading     # indented with a tab (shown as ⇥): PS104
      - reading     # indented with spaces: fine
    ```
    """,
)

PS105 = register(
    "PS105",
    "invisible-character",
    Severity.ERROR,
    "An invisible or control character is in the file.",
    """
    Characters you cannot see change what a file means: a line separator (U+2028) splits a line
    for the YAML parser but not for your editor, a non-breaking space in indentation is not
    indentation, a byte-order mark in mid-file or a zero-width space ends up in an id, and
    bidirectional controls can make text display differently from what it says. Delete the
    character at the position given (it usually arrives with text pasted from a web page or a
    word processor) and retype what was meant.
    """,
)

PS106 = register(
    "PS106",
    "yaml-syntax",
    Severity.ERROR,
    "The file is not valid YAML.",
    """
    The YAML parser stopped at the position given. The usual causes are a value containing
    `: ` or starting with a quote or `-` that needs to be quoted, or a line indented
    differently from its siblings.

    ```yaml
    title: Goal 1: reading        # PS106: quote a value that contains ": "
    title: "Goal 1: reading"      # fine
    ```
    """,
)

PS107 = register(
    "PS107",
    "duplicate-key",
    Severity.ERROR,
    "The same key appears twice in one mapping.",
    """
    Most YAML tools silently keep the last of two equal keys, so one of the values would be
    lost. plansite reports both lines; delete or rename one of them.

    ```yaml
    baseline: {value: 41, period: 2023-24}
    baseline: {value: 43, period: 2023-24}   # PS107
    ```
    """,
)

PS108 = register(
    "PS108",
    "anchor-or-alias",
    Severity.ERROR,
    "YAML anchors (`&name`) and aliases (`*name`) are not allowed.",
    """
    Anchors and aliases copy one part of a file into another. They make a file hard to review
    in a pull request (a change in one place changes another) and a few lines of them can expand
    to gigabytes. Write the value out in full where it is needed.
    """,
)

PS109 = register(
    "PS109",
    "merge-key",
    Severity.ERROR,
    "YAML merge keys (`<<`) are not allowed.",
    """
    A merge key copies another mapping's keys into this one, out of sight of a reviewer. Write
    the keys out in full.
    """,
)

PS110 = register(
    "PS110",
    "yaml-tag",
    Severity.ERROR,
    "YAML tags such as `!!str` or `!include` are not allowed.",
    """
    Tags change how a value is read. plansite reads every value as text and converts it by the
    field's type, so tags are never needed: to keep a value as text, quote it.
    """,
)

PS111 = register(
    "PS111",
    "too-deep",
    Severity.ERROR,
    f"Mappings and lists are nested more than {MAX_DEPTH} levels deep.",
    """
    No plan file needs more than about seven levels. Deeper nesting is usually an indentation
    mistake; the deeper part is not read.
    """,
)

PS112 = register(
    "PS112",
    "multiple-documents",
    Severity.ERROR,
    "The file holds more than one YAML document.",
    """
    Each file holds one item (or one list of strategies). A second `---` starts a second
    document that would otherwise be ignored. Move it to its own file.
    """,
)

PS113 = register(
    "PS113",
    "empty-file",
    Severity.ERROR,
    "The file is empty.",
    """
    An empty plan file publishes nothing and is usually a mistake in a pull request. Fill it in
    or delete it.
    """,
)

PS114 = register(
    "PS114",
    "not-a-mapping",
    Severity.ERROR,
    "The file's top level is not a mapping of keys to values.",
    """
    Every plan file starts with keys such as `id:` and `title:` at the left margin. A file that
    starts with `- ` is a list; a file with a single line of text is a scalar.
    """,
)

PS115 = register(
    "PS115",
    "complex-key",
    Severity.ERROR,
    "A key is a list or mapping, or is empty.",
    """
    Keys are field names such as `title`. A key written as `? [a, b]`, `{a: b}: x`, or an empty
    key is not a field name. Check the indentation of the line.
    """,
)

PS116 = register(
    "PS116",
    "unknown-file",
    Severity.ERROR,
    "A YAML file is in a place where plansite does not look for one.",
    """
    Inside `plans/`, each plan is a folder holding `plan.yml` and the folders `goals/`,
    `strategies/`, `drivers/` and `cycles/`, one YAML file per item inside them. A YAML file
    anywhere else would never be published, so it is reported rather than ignored. Move it into
    the right folder (or delete it). Files that are not YAML, such as a README, are ignored.

    ```text
    plans/district/goals/early-literacy.yml    fine
    plans/district/early-literacy.yml          PS116
    ```
    """,
)

PS117 = register(
    "PS117",
    "comment-in-value",
    Severity.ERROR,
    "A ` #` in the middle of a value starts a comment, cutting the value short.",
    """
    In YAML, a `#` after a space starts a comment, so everything after it is dropped without a
    word: `title: Reading #1 priority` publishes the title "Reading". plansite refuses a value
    followed on its line by ` #` and a character other than a space. Put the whole value in
    quotes, or, if a comment was meant, write `# ` with a space after the `#`.

    ```yaml
    title: Reading #1 priority for K-3        # PS117
    title: "Reading #1 priority for K-3"      # fine
    ```
    """,
)

PS201 = register(
    "PS201",
    "unknown-key",
    Severity.ERROR,
    "A key that this kind of file or item does not have.",
    """
    Every key must be one the format defines (see the source format reference). A misspelt key
    would otherwise be silently ignored, and its value never published. The hint suggests the
    nearest valid key.

    ```yaml
    basline: {value: 41, period: 2023-24}    # PS201: did you mean "baseline"?
    ```
    """,
)

PS202 = register(
    "PS202",
    "missing-field",
    Severity.ERROR,
    "A required key is missing or has no value.",
    """
    Some keys are needed to publish an item at all: every item's `id`, a goal's `title` and
    `statement`, a measure's `name`. The problem is reported at the mapping that lacks the key;
    the hint says what the key holds.
    """,
)

PS203 = register(
    "PS203",
    "wrong-type",
    Severity.ERROR,
    "A value is the wrong shape: a list where one value belongs, text where a mapping belongs.",
    """
    Each key expects one shape: a single value, a list (lines starting with `- `) or a mapping
    (indented `key: value` lines).

    ```yaml
    sources: State assessment        # PS203: expected a list
    sources: [State assessment]      # fine
    ```
    """,
)

PS204 = register(
    "PS204",
    "invalid-value",
    Severity.ERROR,
    "A value is not one the field accepts: a bad date, number, school year, id or choice.",
    """
    Dates are written `2025-09-15`, school years `2025-26`, numbers without units or commas
    (`41.5`), ids in lowercase with hyphens (`early-literacy`), and choices from the listed
    words (`direction: decrease`). The message shows what was found and what is expected.
    """,
)

PS205 = register(
    "PS205",
    "id-file-mismatch",
    Severity.ERROR,
    "An item's id differs from its file or folder name.",
    """
    A plan's id is its folder name, and a goal's, driver diagram's or PDSA cycle's id is its file
    name, so anyone can find the file behind a page address. Rename the file or change the id
    (a published id should not change: its page address would break).

    ```yaml
    # plans/district/goals/reading.yml
    id: early-literacy     # PS205: the file is reading.yml
    ```
    """,
)

PS206 = register(
    "PS206",
    "conditional-field",
    Severity.ERROR,
    "A key that another key's value makes necessary is missing.",
    """
    Some keys depend on others: a PDSA cycle that tests, develops or implements a change names
    its `change_idea` (only `purpose: collect-information` may leave it out); a measure revision
    of an `annual_target` names the `period` whose target changed.
    """,
)

PS207 = register(
    "PS207",
    "wrong-folder",
    Severity.ERROR,
    "A file is valid as another kind of file, in another folder.",
    """
    A file's folder says what it is: `goals/` holds goals, `strategies/` strategy groups,
    `drivers/` driver diagrams and `cycles/` PDSA cycles. When a file would be valid in another
    folder but not in its own, plansite reports this one problem instead of every key that does
    not fit. Move the file.
    """,
)

PS208 = register(
    "PS208",
    "reversed-range",
    Severity.ERROR,
    "A range ends before it starts.",
    """
    A plan's period, a PDSA cycle's dates and an action step's dates must not end before they
    start. Usually two values were swapped or a year was mistyped.

    ```yaml
    period: {start: 2028-29, end: 2024-25}    # PS208
    ```
    """,
)

PS301 = register(
    "PS301",
    "unknown-reference",
    Severity.ERROR,
    "A reference names an id that does not exist.",
    """
    Links between items are written as ids: `serves: [early-literacy]` for an item in the same
    plan, `serves: [district:early-literacy]` for another plan's item. The id must exist, in a
    kind of item the field accepts. The hint suggests the nearest existing id.

    While another file of the plan named in the reference has errors of its own, unknown
    references into that plan are not reported, since the missing id may be in the broken file.

    ```yaml
    beliefs: [every-child-belong]     # PS301: did you mean "every-child-belongs"?
    ```
    """,
)

PS302 = register(
    "PS302",
    "wrong-kind-reference",
    Severity.ERROR,
    "A reference names an item of a kind the field does not accept.",
    """
    Each link field accepts certain kinds of item: a goal's `beliefs` names beliefs, a
    strategy's `serves` names goals or objectives. Naming a strategy where a goal belongs is
    almost always a slip of the id.
    """,
)

PS303 = register(
    "PS303",
    "duplicate-id",
    Severity.ERROR,
    "Two items in one plan share an id.",
    """
    Ids are unique within a plan, across every kind of item (goals, measures, strategies, action
    steps, drivers, change ideas, cycles...), because each becomes a page address or an anchor.
    The message names where the id was first used. Plan ids are unique across all plans.
    """,
)

PS304 = register(
    "PS304",
    "reference-loop",
    Severity.ERROR,
    "Links that must form a chain form a loop instead.",
    """
    A PDSA cycle's `previous` names the cycle it follows, and a plan's `parent` names the plan it
    cascades from. Following these links must come to an end; a loop (cycle 3 follows cycle 2,
    which follows cycle 3) is a mistake in one of the ids.
    """,
)

PS305 = register(
    "PS305",
    "missing-plan-file",
    Severity.ERROR,
    "A plan folder has no plan.yml.",
    """
    Each folder under `plans/` is one plan and needs a `plan.yml` with its id, title, level and
    period. Without it the folder's goals, strategies and cycles belong to no plan.
    """,
)

PS306 = register(
    "PS306",
    "references-held-back",
    Severity.INFO,
    "References into a plan with an unreadable file were not checked.",
    """
    When a file cannot be read or does not pass the schema, the ids in it are unknown, so a
    reference to one of them cannot be told from a typo. Rather than report every such reference
    as missing, plansite holds them back and says so here, at the file to fix first. Fix that
    file's problems and run the check again: the held-back references are then checked.
    """,
)
