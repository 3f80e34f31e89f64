"""References: assemble validated files into plans, then resolve every id they name.

An id alone names an item in the same plan; `plan-id:item-id` names an item in another plan
(the only form for crossing plans, e.g. a school goal's `serves: [district:early-literacy]`).
Which kinds of item a field may name is declared on the model with `RefTo`.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from plansite.codes import PS301, PS302, PS303, PS304, PS305, PS306
from plansite.diagnostics import Diagnostic, closest, diagnose
from plansite.fields import RefTo
from plansite.improvement import DriverDiagram, PdsaCycle
from plansite.model import Goal, Organization, Plan, PlanFile, PlanSet, StrategyGroup
from plansite.nodes import Item, Location, Node, iter_nodes

Key = tuple[str, str]
"""An item's place across plans: (plan id, item id)."""


def key_of(ref: str, plan_id: str) -> Key:
    """The (plan id, item id) a reference names: `id` in the plan it is written in, or `plan:id`."""
    other, _, item_id = ref.rpartition(":")
    return (other or plan_id, item_id)


Spot = Callable[[], Location]
"""Where a value was written, worked out only if a problem must be reported there."""


PLAN_KIND = "plan"
SUBGROUP_KIND = "subgroup"


@dataclass
class ValidatedFile:
    """A file that passed validation, with the plan folder it sits in."""

    plan_folder: str
    node: Node
    shown_path: str


@dataclass
class Gaps:
    """What could not be loaded, so references into it are held back instead of misreported."""

    broken_plans: dict[str, str] = field(default_factory=dict)
    """Plan folder → the first of its files that could not be used."""
    organization: Literal["ok", "missing", "broken"] = "ok"
    organization_path: str = ""


@dataclass
class _Resolver:
    plan_set: PlanSet
    gaps: Gaps = field(default_factory=Gaps)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    held_back: set[str] = field(default_factory=set)
    subgroups_held_back: bool = False

    def report(self, code: Any, where: Location | Spot, message: str, hint: str = "") -> None:
        # Spots are located only here: positions cost a second parse of the file.
        at = where if isinstance(where, Location) else where()
        self.diagnostics.append(diagnose(code, at.path, at.line, at.column, message, hint))

    def hold_back(self, plan_id: str) -> bool:
        """True when references into this plan wait until its broken file is fixed."""
        if plan_id in self.gaps.broken_plans:
            self.held_back.add(plan_id)
            return True
        return False


def assemble_plans(
    organization: Organization | None,
    files: list[ValidatedFile],
    folders_with_plan_file: set[str],
) -> tuple[PlanSet, list[Diagnostic]]:
    """Group files into plans and index every item id; report duplicates and orphan folders."""
    plan_set = PlanSet(organization)
    resolver = _Resolver(plan_set)
    for file in files:
        if isinstance(file.node, PlanFile):
            plan_set.plans[file.plan_folder] = Plan(file.node)
    orphan_folders_reported: set[str] = set()
    for file in files:
        plan = plan_set.plans.get(file.plan_folder)
        if plan is not None:
            _add_to_plan(plan, file.node)
        elif file.plan_folder not in folders_with_plan_file | orphan_folders_reported:
            orphan_folders_reported.add(file.plan_folder)
            folder = file.shown_path.rsplit("/", 2)[0]
            resolver.report(
                PS305,
                Location(file.shown_path, 1, 0),
                f"{folder}/ has no plan.yml, so none of its files belong to a plan",
                "add plan.yml with the plan's id, title, level and period",
            )
    for plan in plan_set.plans.values():
        _put_in_reading_order(plan)
        _index_items(plan, resolver)
    _check_unique_subgroups(organization, resolver)
    return plan_set, resolver.diagnostics


def _check_unique_subgroups(organization: Organization | None, resolver: _Resolver) -> None:
    seen: set[str] = set()
    for subgroup in organization.subgroups if organization else []:
        if subgroup.id in seen:
            resolver.report(
                PS303,
                functools.partial(subgroup.locate, "id"),
                f'student group id "{subgroup.id}" is defined twice',
                "keep one definition of each student group",
            )
        seen.add(subgroup.id)


def _add_to_plan(plan: Plan, node: Node) -> None:
    if isinstance(node, Goal):
        plan.goals.append(node)
    elif isinstance(node, StrategyGroup):
        plan.strategies.extend(node.strategies)
    elif isinstance(node, DriverDiagram):
        plan.driver_diagrams.append(node)
    elif isinstance(node, PdsaCycle):
        plan.cycles.append(node)


def display_code_order(code: str | None) -> tuple[tuple[int, int | str], ...]:
    """Sort key for display codes, numbers as numbers: 1.2 before 1.10; no code goes last."""
    if code is None:
        return ((2, ""),)
    parts = re.findall(r"[0-9]+|[^0-9.]+", code)
    return tuple((0, int(p)) if p.isascii() and p.isdigit() else (1, p.lower()) for p in parts)


def _put_in_reading_order(plan: Plan) -> None:
    """Goals and strategies in the order of their codes, as the plan is read; files keep ties."""
    plan.goals.sort(key=lambda g: display_code_order(g.code))
    plan.strategies.sort(key=lambda s: display_code_order(s.code))


def plan_roots(plan: Plan) -> list[Node]:
    """Every top-level node of a plan, plan.yml first."""
    strategy_nodes: list[Node] = list(plan.strategies)
    return [plan.meta, *plan.goals, *strategy_nodes, *plan.driver_diagrams, *plan.cycles]


def _index_items(plan: Plan, resolver: _Resolver) -> None:
    for root in plan_roots(plan):
        for node in iter_nodes(root):
            if not isinstance(node, Item) or isinstance(node, PlanFile):
                continue
            first = plan.items.get(node.id)
            if first is None:
                plan.items[node.id] = node
                continue
            where, earlier = node.locate("id"), first.locate("id")
            resolver.report(
                PS303,
                where,
                f'id "{node.id}" is already used by the {first.KIND.replace("-", " ")} at {earlier.path}:{earlier.line}',
                "give this item an id of its own",
            )


def resolve_references(plan_set: PlanSet, gaps: Gaps) -> list[Diagnostic]:
    """Check every reference in every plan, and that cycle and parent chains end."""
    resolver = _Resolver(plan_set, gaps)
    for plan in plan_set.plans.values():
        for root in plan_roots(plan):
            for node in iter_nodes(root):
                _resolve_node(resolver, plan, node)
            if isinstance(root, PdsaCycle):
                _resolve_questions(resolver, root)
    _find_loops(resolver, _cycle_links(plan_set), "cycles", "previous")
    _find_loops(resolver, _parent_links(plan_set), "plans", "parent")
    _report_held_back(resolver)
    return resolver.diagnostics


def _report_held_back(resolver: _Resolver) -> None:
    for plan_id in sorted(resolver.held_back):
        path = resolver.gaps.broken_plans[plan_id]
        message = (
            f'references into plan "{plan_id}" are checked once the errors in this file are fixed'
        )
        resolver.report(
            PS306,
            Location(path, 1, 0),
            message,
            "fix the errors reported for this file, then check again",
        )
    if resolver.subgroups_held_back:
        message = "references to student groups are checked once the errors in this file are fixed"
        resolver.report(
            PS306,
            Location(resolver.gaps.organization_path, 1, 0),
            message,
            "fix the errors reported for this file, then check again",
        )


@functools.cache
def _reference_fields(model: type[BaseModel]) -> list[tuple[str, tuple[str, ...]]]:
    """The fields of a model that hold references, with the kinds each accepts."""
    found = []
    for name, info in model.model_fields.items():
        kinds = _ref_kinds(info.annotation)
        if kinds and kinds != ("question",):
            found.append((name, kinds))
    return found


def _ref_kinds(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is typing.Annotated:
        return next((m.kinds for m in typing.get_args(annotation)[1:] if isinstance(m, RefTo)), ())
    for inner in typing.get_args(annotation):
        kinds = _ref_kinds(inner)
        if kinds:
            return kinds
    return ()


def _resolve_node(resolver: _Resolver, plan: Plan, node: BaseModel) -> None:
    if not isinstance(node, Node):
        return
    for name, kinds in _reference_fields(type(node)):
        value = getattr(node, name)
        values = value if isinstance(value, list) else [value] if value is not None else []
        for index, ref in enumerate(values):
            sub = (name, index) if isinstance(value, list) else (name,)
            _resolve_one(resolver, plan, ref, kinds, functools.partial(node.locate, *sub))


def _resolve_one(
    resolver: _Resolver, plan: Plan, ref: str, kinds: tuple[str, ...], where: Spot
) -> None:
    if kinds == (PLAN_KIND,):
        if ref not in resolver.plan_set.plans and not resolver.hold_back(ref):
            _resolve_among(resolver, ref, set(resolver.plan_set.plans), "plan", where)
        return
    if kinds == (SUBGROUP_KIND,):
        _resolve_subgroup(resolver, ref, where)
        return
    plan_id, _, item_id = ref.rpartition(":")
    target = resolver.plan_set.plans.get(plan_id) if plan_id else plan
    if target is None:
        if not resolver.hold_back(plan_id):
            known = set(resolver.plan_set.plans)
            _resolve_among(
                resolver, plan_id, known, "plan", where, shown=f'plan "{plan_id}" in "{ref}"'
            )
        return
    item = target.items.get(item_id)
    if item is None:
        if not resolver.hold_back(target.id):
            _report_unknown_item(resolver, plan, target, ref, kinds, where)
    elif item.KIND not in kinds:
        wanted = _kinds_in_words(kinds)
        found = item.locate()
        resolver.report(
            PS302,
            where,
            f'"{ref}" is a {item.KIND.replace("-", " ")} ({found.path}:{found.line}), but this field takes a {wanted}',
            f"name a {wanted} here",
        )


def _kinds_in_words(kinds: tuple[str, ...]) -> str:
    return " or ".join(k.replace("-", " ") for k in kinds)


def _resolve_subgroup(resolver: _Resolver, ref: str, where: Spot) -> None:
    state = resolver.gaps.organization
    if state == "broken":
        resolver.subgroups_held_back = True
        return
    hint = "define it under subgroups: in site_config/organization.yml"
    if state == "missing":
        hint = "site_config/organization.yml was not found; student groups are defined there"
    _resolve_among(
        resolver, ref, set(resolver.plan_set.subgroups), "subgroup", where, extra_hint=hint
    )


def _report_unknown_item(
    resolver: _Resolver, plan: Plan, target: Plan, ref: str, kinds: tuple[str, ...], where: Spot
) -> None:
    item_id = ref.rpartition(":")[2]
    candidates = {i for i, it in target.items.items() if it.KIND in kinds}
    wanted = _kinds_in_words(kinds)
    shown = f'{wanted} "{ref}"'
    parent = resolver.plan_set.plans.get(plan.meta.parent or "")
    in_parent = parent.items.get(item_id) if parent and ":" not in ref else None
    if in_parent is not None and in_parent.KIND in kinds:
        # A school naming a district item without its plan prefix: say how to cross plans.
        resolver.report(
            PS301,
            where,
            f'{shown} does not exist in plan "{target.id}"',
            f'did you mean "{parent.id if parent else ""}:{item_id}"? Items of another plan are named plan-id:item-id',
        )
        return
    prefix = ref.rpartition(":")[0] + ":" if ":" in ref else ""
    _resolve_among(
        resolver, item_id, candidates, wanted, where, prefix=prefix, shown=shown, scope=target.id
    )


def _resolve_among(
    resolver: _Resolver,
    ref: str,
    known: set[str],
    wanted: str,
    where: Spot,
    *,
    prefix: str = "",
    shown: str = "",
    scope: str = "",
    extra_hint: str = "",
) -> None:
    if ref in known:
        return
    close = closest(ref, known)
    if close:
        hint = f'did you mean "{prefix}{close}"?'
    elif extra_hint:
        hint = extra_hint
    elif known:
        listed = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
        hint = f"known {wanted} ids: {listed}"
    else:
        hint = f"there is no {wanted} to name yet"
    subject = shown or f'{wanted} "{prefix}{ref}"'
    in_plan = f' in plan "{scope}"' if scope else ""
    resolver.report(PS301, where, f"{subject} does not exist{in_plan}", hint)


def _resolve_questions(resolver: _Resolver, cycle: PdsaCycle) -> None:
    """Question ids are unique within their cycle, and study results name one of them."""
    questions: set[str] = set()
    for question in cycle.plan.questions if cycle.plan else []:
        if question.id in questions:
            where = functools.partial(question.locate, "id")
            resolver.report(
                PS303,
                where,
                f'question id "{question.id}" is used twice in this cycle',
                "give each question an id of its own, e.g. q1, q2, q3",
            )
        questions.add(question.id)
    if cycle.study is None:
        return
    for index, result in enumerate(cycle.study.results):
        if result.question not in questions:
            where = functools.partial(cycle.study.locate, "results", index, "question")
            _resolve_among(
                resolver,
                result.question,
                questions,
                "question",
                where,
                extra_hint="add the question under plan: questions:",
            )


def _cycle_links(plan_set: PlanSet) -> dict[str, tuple[str | None, Spot]]:
    links: dict[str, tuple[str | None, Spot]] = {}
    for plan in plan_set.plans.values():
        for cycle in plan.cycles:
            target = None
            if cycle.previous:
                plan_id, _, item_id = cycle.previous.rpartition(":")
                target = f"{plan_id or plan.id}:{item_id}"
            links[f"{plan.id}:{cycle.id}"] = (target, functools.partial(cycle.locate, "previous"))
    return links


def _parent_links(plan_set: PlanSet) -> dict[str, tuple[str | None, Spot]]:
    return {
        pid: (p.meta.parent, functools.partial(p.meta.locate, "parent"))
        for pid, p in plan_set.plans.items()
    }


def _find_loops(
    resolver: _Resolver, links: dict[str, tuple[str | None, Spot]], noun: str, key: str
) -> None:
    """Report each loop once, at its first member; links map a node to the one it points at."""
    finished: set[str] = set()
    for start in sorted(links):
        path: list[str] = []
        current: str | None = start
        while (
            current is not None
            and current in links
            and current not in finished
            and current not in path
        ):
            path.append(current)
            current = links[current][0]
        if current is not None and current in path:
            loop = path[path.index(current) :]
            first = min(loop)
            chain = " → ".join(
                _short(n) for n in [*loop[loop.index(first) :], *loop[: loop.index(first)], first]
            )
            resolver.report(
                PS304,
                links[first][1],
                f"{noun} form a loop through {key}: {chain}",
                f"fix the {key} id of one of them so the chain ends",
            )
        finished.update(path)


def _short(node: str) -> str:
    return node.split(":", 1)[1] if ":" in node else node


def count_items(plan_set: PlanSet) -> int:
    """Plans plus every item with an id in them."""
    return sum(1 + len(plan.items) for plan in plan_set.plans.values())
