"""The documented structured plan format ``clearsight-plan/1``: a plan as a dict, JSON or YAML.

``document_to_dict`` writes every field of a :class:`PlanDocument` in a fixed order (documented in
``docs/plan-format.md``); ``document_from_dict`` checks a dict from any source (a JSON or YAML file,
or a spreadsheet the xlsx reader has turned into this shape) and never fixes anything silently:
every error is collected, then raised together as :class:`InputError`. ``line`` on actions and
measures is where something sat in a source file, not plan content, so it is not part of the
format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import StrEnum
from functools import partial
from typing import Any, TypeVar

import yaml

from clearsight.engine.plandates import DateKind, read_plan_date
from clearsight.engine.planfiles.document import (
    Action,
    ActionStatus,
    DueChange,
    EvidenceKind,
    EvidenceSource,
    InspectionRecommendation,
    Lead,
    MeasureRow,
    PlanDocument,
    Principle,
    Priority,
    PriorityKind,
    RecommendationStatus,
    Sprint,
    SuccessCriterion,
    Update,
)
from clearsight.engine.problems import InputError, Problem, Severity

FORMAT = "clearsight-plan/1"
PLAN_STATUSES = ("draft", "active", "closed")
RAG_OVERRIDES = ("", "red", "amber", "green")
MAX_TEXT_CHARS = 20 * 1024 * 1024  # the same 20 MB the spreadsheet reader allows

T = TypeVar("T")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _action_dict(a: Action) -> dict[str, Any]:
    return {
        "ref": a.ref,
        "text": a.text,
        "lead_text": a.lead_text,
        "leads": [{"name": x.name, "role": x.role, "agency": x.agency} for x in a.leads],
        "due_text": a.due_text,
        "original_due_text": a.original_due_text,
        "review_text": a.review_text,
        "status": a.status.value,
        "rag_override": a.rag_override,
        "rag_override_reason": a.rag_override_reason,
        "success_criterion": a.success_criterion,
        "planned_sprint": a.planned_sprint,
        "carried_over": a.carried_over,
        "updates": [_update_dict(u) for u in a.updates],
        "due_changes": [_due_change_dict(d) for d in a.due_changes],
    }


def _update_dict(u: Update) -> dict[str, Any]:
    return {"date": _iso(u.on), "author": u.author, "commentary": u.commentary,
            "status_from": u.status_from, "status_to": u.status_to, "evidence_url": u.evidence_url}


def _due_change_dict(d: DueChange) -> dict[str, Any]:
    return {"date": _iso(d.on), "by": d.by, "from_text": d.from_text, "to_text": d.to_text, "reason": d.reason}


def _priority_dict(p: Priority) -> dict[str, Any]:
    return {
        "code": p.code,
        "title": p.title,
        "kind": p.kind.value,
        "why": p.why,
        "good_looks_like": list(p.good_looks_like),
        "success_criteria": [{"number": s.number, "text": s.text} for s in p.success_criteria],
        "evidence_sources": [{"kind": e.kind.value, "text": e.text} for e in p.evidence_sources],
        "actions": [_action_dict(a) for a in p.actions],
    }


def _measure_dict(m: MeasureRow) -> dict[str, Any]:
    return {"name": m.name, "what_it_shows": m.what_it_shows, "requires_improvement": m.requires_improvement,
            "good": m.good, "outstanding": m.outstanding, "priority_codes": list(m.priority_codes)}


def _recommendation_dict(r: InspectionRecommendation) -> dict[str, Any]:
    return {"number": r.number, "text": r.text, "progress": r.progress, "further_work": r.further_work,
            "status": r.status.value, "action_refs": list(r.action_refs)}


def _sprint_dict(s: Sprint) -> dict[str, Any]:
    return {"number": s.number, "start": _iso(s.start), "weeks": s.weeks, "closed": s.closed}


def document_to_dict(doc: PlanDocument) -> dict[str, Any]:
    """The plan in the ``clearsight-plan/1`` shape: every field, in the documented order."""
    return {
        "format": FORMAT,
        "title": doc.title,
        "period_label": doc.period_label,
        "period_start": _iso(doc.period_start),
        "period_end": _iso(doc.period_end),
        "status": doc.status,
        "foreword": doc.foreword,
        "principles": [{"title": p.title, "text": p.text} for p in doc.principles],
        "priorities": [_priority_dict(p) for p in doc.priorities],
        "measures": [_measure_dict(m) for m in doc.measures],
        "recommendations": [_recommendation_dict(r) for r in doc.recommendations],
        "sprints": [_sprint_dict(s) for s in doc.sprints],
    }


# The keys each part may have are exactly the keys the writer produces: one source of truth.
PLAN_KEYS = tuple(document_to_dict(PlanDocument(title="")))
PRINCIPLE_KEYS = ("title", "text")
PRIORITY_KEYS = tuple(_priority_dict(Priority(code="", title="")))
CRITERION_KEYS = ("number", "text")
EVIDENCE_KEYS = ("kind", "text")
ACTION_KEYS = tuple(_action_dict(Action(ref="", text="")))
LEAD_KEYS = ("name", "role", "agency")
UPDATE_KEYS = tuple(_update_dict(Update(commentary="")))
DUE_CHANGE_KEYS = tuple(_due_change_dict(DueChange(from_text="", to_text="", reason="")))
MEASURE_KEYS = tuple(_measure_dict(MeasureRow(name="")))
RECOMMENDATION_KEYS = tuple(_recommendation_dict(InspectionRecommendation(number=0, text="")))
SPRINT_KEYS = tuple(_sprint_dict(Sprint(number=0)))


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, date):  # datetime is a date too
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys to values"
    if isinstance(value, str):
        return f"text ('{value if len(value) <= 60 else value[:57] + '…'}')"
    return type(value).__name__


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


class _Checker:
    """Reads one dict, collecting every problem instead of stopping at the first."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.priority_codes: set[str] = set()
        self.action_refs: set[str] = set()

    def error(self, path: str, code: str, message: str, ref: str = "") -> None:
        self.errors.append(Problem(Severity.ERROR, code, message, ref=ref, field=path, file=self.filename))

    def warn(self, path: str, code: str, message: str, ref: str = "") -> None:
        self.warnings.append(Problem(Severity.WARNING, code, message, ref=ref, field=path, file=self.filename))

    def mapping(self, data: object, path: str, keys: Sequence[str], what: str) -> dict[Any, Any] | None:
        if not isinstance(data, dict):
            self.error(path, "wrong_type", f"{what} must be a mapping of keys to values; got {_describe(data)}")
            return None
        for key in data:
            if key not in keys:
                self.error(_join(path, str(key)), "unknown_key",
                           f"'{key}' is not a key of {what}; the keys allowed are: {', '.join(keys)}")
        return data

    def text(self, m: dict[Any, Any], key: str, path: str, *, required: bool = False) -> str:
        where = _join(path, key)
        if key not in m:
            if required:
                self.error(where, "missing_required", f"{key} is required")
            return ""
        value = m[key]
        if not isinstance(value, str):
            hint = (" Put it in quotes so it is kept exactly as written." if value is not None
                    else ' Write "" for no text, or leave the key out.')
            self.error(where, "wrong_type", f"{key} must be text; got {_describe(value)}.{hint}")
            return ""
        if required and not value.strip():
            self.error(where, "missing_required", f"{key} is required and cannot be blank")
        return value

    def whole(self, m: dict[Any, Any], key: str, path: str, *, minimum: int, nullable: bool = False,
              required: bool = False) -> int | None:
        where = _join(path, key)
        if key not in m:
            if required:
                self.error(where, "missing_required", f"{key} is required")
            return None
        value = m[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            allowed = f"a whole number of at least {minimum}" + (", or null" if nullable else "")
            self.error(where, "wrong_type", f"{key} must be {allowed}; got {_describe(value)}")
            return None
        return value

    def day(self, m: dict[Any, Any], key: str, path: str) -> date | None:
        value = m.get(key)
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value  # YAML reads an unquoted 2017-04-01 as a date, which is what it means
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError as exc:
                self.error(_join(path, key), "bad_date", f"'{value}' is not a real date ({exc})")
                return None
        self.error(_join(path, key), "bad_date",
                   f"{key} must be a date written YYYY-MM-DD (like 2017-04-01), or null; got {_describe(value)}")
        return None

    def flag(self, m: dict[Any, Any], key: str, path: str) -> bool:
        value = m.get(key, False)
        if not isinstance(value, bool):
            self.error(_join(path, key), "wrong_type", f"{key} must be true or false; got {_describe(value)}")
            return False
        return value

    def choice(self, m: dict[Any, Any], key: str, path: str, allowed: Sequence[str], default: str, *,
               required: bool = False) -> str:
        if key not in m:
            if required:
                self.error(_join(path, key), "missing_required", f"{key} is required")
            return default
        value = m[key]
        if not isinstance(value, str) or value not in allowed:
            shown = ", ".join(f"'{a}'" for a in allowed)
            self.error(_join(path, key), "bad_value", f"{key} cannot be {_describe(value)}; use one of: {shown}")
            return default
        return value

    def unique(self, seen: set[int], number: int | None, path: str, message: str, ref: str = "") -> int:
        """Numbers that identify something must not repeat; 0 stands in for one already reported."""
        if number is not None and number in seen:
            self.error(_join(path, "number"), "duplicate_number", message, ref=ref)
        if number is not None:
            seen.add(number)
        return number or 0

    def items(self, m: dict[Any, Any], key: str, path: str) -> list[tuple[str, object]]:
        value = m.get(key, [])
        if not isinstance(value, list):
            self.error(_join(path, key), "wrong_type", f"{key} must be a list; got {_describe(value)}")
            return []
        return [(_join(_join(path, key), i), item) for i, item in enumerate(value)]

    def texts(self, m: dict[Any, Any], key: str, path: str) -> list[tuple[str, str]]:
        found = []
        for where, item in self.items(m, key, path):
            if isinstance(item, str):
                found.append((where, item))
            else:
                self.error(where, "wrong_type", f"each entry of {key} must be text; got {_describe(item)}")
        return found


def _each(c: _Checker, m: dict[Any, Any], path: str, key: str,
          read: Callable[[_Checker, object, str], T | None]) -> list[T]:
    return [x for where, item in c.items(m, key, path) if (x := read(c, item, where)) is not None]


def _principle(c: _Checker, data: object, path: str) -> Principle | None:
    if (m := c.mapping(data, path, PRINCIPLE_KEYS, "a principle")) is None:
        return None
    return Principle(title=c.text(m, "title", path, required=True), text=c.text(m, "text", path))


def _priority(c: _Checker, data: object, path: str) -> Priority | None:
    if (m := c.mapping(data, path, PRIORITY_KEYS, "a priority")) is None:
        return None
    code = c.text(m, "code", path, required=True)
    if code in c.priority_codes:
        c.error(_join(path, "code"), "duplicate_code", f"priority code '{code}' is used twice; codes must be unique",
                ref=code)
    c.priority_codes.add(code)
    priority = Priority(code=code, title=c.text(m, "title", path, required=True),
                        kind=PriorityKind(c.choice(m, "kind", path, _values(PriorityKind), PriorityKind.PRIORITY)),
                        why=c.text(m, "why", path),
                        good_looks_like=[text for _, text in c.texts(m, "good_looks_like", path)])
    numbers: set[int] = set()
    for where, item in c.items(m, "success_criteria", path):
        if (s := c.mapping(item, where, CRITERION_KEYS, "a success criterion")) is not None:
            number = c.whole(s, "number", where, minimum=1, required=True)
            message = f"success criterion {number} appears twice in priority '{code}'"
            number = c.unique(numbers, number, where, message, ref=code)
            priority.success_criteria.append(SuccessCriterion(number, c.text(s, "text", where)))
    for where, item in c.items(m, "evidence_sources", path):
        if (e := c.mapping(item, where, EVIDENCE_KEYS, "an evidence source")) is not None:
            kind = EvidenceKind(c.choice(e, "kind", where, _values(EvidenceKind), "audits", required=True))
            priority.evidence_sources.append(EvidenceSource(kind, c.text(e, "text", where)))
    priority.actions = _each(c, m, path, "actions", _action)
    return priority


def _action(c: _Checker, data: object, path: str) -> Action | None:
    if (m := c.mapping(data, path, ACTION_KEYS, "an action")) is None:
        return None
    ref = c.text(m, "ref", path, required=True)
    if ref in c.action_refs:
        c.error(_join(path, "ref"), "duplicate_ref", f"action ref '{ref}' is used twice; refs must be unique "
                "across the whole plan", ref=ref)
    c.action_refs.add(ref)
    action = Action(
        ref=ref, text=c.text(m, "text", path, required=True), lead_text=c.text(m, "lead_text", path),
        due_text=c.text(m, "due_text", path), original_due_text=c.text(m, "original_due_text", path),
        review_text=c.text(m, "review_text", path),
        status=ActionStatus(c.choice(m, "status", path, _values(ActionStatus), ActionStatus.NOT_STARTED)),
        rag_override=c.choice(m, "rag_override", path, RAG_OVERRIDES, ""),
        rag_override_reason=c.text(m, "rag_override_reason", path),
        success_criterion=c.whole(m, "success_criterion", path, minimum=1, nullable=True),
        planned_sprint=c.whole(m, "planned_sprint", path, minimum=1, nullable=True),
        carried_over=c.whole(m, "carried_over", path, minimum=0) or 0,
    )
    for where, item in c.items(m, "leads", path):
        if (x := c.mapping(item, where, LEAD_KEYS, "a lead")) is not None:
            lead = Lead(c.text(x, "name", where), c.text(x, "role", where), c.text(x, "agency", where))
            if not (lead.name.strip() or lead.role.strip() or lead.agency.strip()):
                c.error(where, "empty_lead", "a lead needs at least one of name, role or agency", ref=ref)
            action.leads.append(lead)
    for where, item in c.items(m, "updates", path):
        if (u := c.mapping(item, where, UPDATE_KEYS, "an update")) is not None:
            action.updates.append(Update(
                commentary=c.text(u, "commentary", where), on=c.day(u, "date", where),
                author=c.text(u, "author", where), status_from=c.text(u, "status_from", where),
                status_to=c.text(u, "status_to", where), evidence_url=c.text(u, "evidence_url", where)))
    for where, item in c.items(m, "due_changes", path):
        if (d := c.mapping(item, where, DUE_CHANGE_KEYS, "a due date change")) is not None:
            action.due_changes.append(DueChange(
                from_text=c.text(d, "from_text", where), to_text=c.text(d, "to_text", where),
                reason=c.text(d, "reason", where), on=c.day(d, "date", where), by=c.text(d, "by", where)))
    _check_content(c, action, path)
    return action


def _check_content(c: _Checker, action: Action, path: str) -> None:
    """The seed reader's cheap content checks, as warnings: imported as written, flagged for a person."""
    for key in ("due_text", "original_due_text", "review_text"):
        read = read_plan_date(getattr(action, key))
        if read.kind is DateKind.UNREADABLE:
            c.warn(_join(path, key), "impossible_date",
                   f"Action {action.ref}: the {key} is written '{read.text.strip()}', which is not a date the "
                   f"importer can be sure of ({read.reason}). It has been imported as written; check it and "
                   "correct it if it is a typing error.", ref=action.ref)
    if not action.lead_text.strip() and not action.leads:
        c.warn(_join(path, "lead_text"), "no_owner",
               f"Action {action.ref} has no lead: set lead_text or leads so that someone owns it.", ref=action.ref)


def _measure(c: _Checker, data: object, path: str) -> MeasureRow | None:
    if (m := c.mapping(data, path, MEASURE_KEYS, "a measure")) is None:
        return None
    measure = MeasureRow(name=c.text(m, "name", path, required=True), what_it_shows=c.text(m, "what_it_shows", path),
                         requires_improvement=c.text(m, "requires_improvement", path),
                         good=c.text(m, "good", path), outstanding=c.text(m, "outstanding", path))
    for where, code in c.texts(m, "priority_codes", path):
        if code not in c.priority_codes:
            c.error(where, "unknown_priority", f"measure '{measure.name}' names priority '{code}', which is not "
                    "in the plan; use the code of one of the plan's priorities")
        measure.priority_codes.append(code)
    return measure


def _recommendation(c: _Checker, data: object, path: str, *, numbers: set[int]) -> InspectionRecommendation | None:
    if (m := c.mapping(data, path, RECOMMENDATION_KEYS, "an inspection recommendation")) is None:
        return None
    number = c.whole(m, "number", path, minimum=1, required=True)
    rec = InspectionRecommendation(
        number=c.unique(numbers, number, path, f"recommendation {number} appears twice"), text=c.text(m, "text", path, required=True), progress=c.text(m, "progress", path),
        further_work=c.text(m, "further_work", path),
        status=RecommendationStatus(c.choice(m, "status", path, _values(RecommendationStatus), "open")))
    for where, ref in c.texts(m, "action_refs", path):
        if ref not in c.action_refs:
            c.error(where, "unknown_action", f"recommendation {rec.number} names action '{ref}', which is not in "
                    "the plan; use the ref of one of the plan's actions", ref=ref)
        rec.action_refs.append(ref)
    return rec


def _sprint(c: _Checker, data: object, path: str, *, numbers: set[int]) -> Sprint | None:
    if (m := c.mapping(data, path, SPRINT_KEYS, "a sprint")) is None:
        return None
    number = c.whole(m, "number", path, minimum=1, required=True)
    weeks = c.whole(m, "weeks", path, minimum=1)
    return Sprint(number=c.unique(numbers, number, path, f"sprint {number} appears twice"), start=c.day(m, "start", path), weeks=12 if weeks is None else weeks,
                  closed=c.flag(m, "closed", path))


def document_from_dict(data: object, *, filename: str = "") -> tuple[PlanDocument, list[Problem]]:
    """Check and read a ``clearsight-plan/1`` dict. Raises :class:`InputError` with every error found;
    returns the plan and its warnings (``impossible_date``, ``no_owner``)."""
    c = _Checker(filename)
    m = c.mapping(data, "", PLAN_KEYS, "a plan")
    if m is None:
        raise InputError(c.errors)
    if m.get("format") != FORMAT:
        found = f"got {_describe(m['format'])}" if "format" in m else "it is missing"
        c.error("format", "bad_format", f'format must be "{FORMAT}" (the first key of a plan file); {found}')
    doc = PlanDocument(
        title=c.text(m, "title", "", required=True), period_label=c.text(m, "period_label", ""),
        period_start=c.day(m, "period_start", ""), period_end=c.day(m, "period_end", ""),
        status=c.choice(m, "status", "", PLAN_STATUSES, "active"), foreword=c.text(m, "foreword", ""))
    if doc.period_start and doc.period_end and doc.period_end < doc.period_start:
        c.error("period_end", "bad_date", "period_end is before period_start")
    # Priorities (and their actions) first: measures and recommendations refer to them.
    doc.principles = _each(c, m, "", "principles", _principle)
    doc.priorities = _each(c, m, "", "priorities", _priority)
    doc.measures = _each(c, m, "", "measures", _measure)
    doc.recommendations = _each(c, m, "", "recommendations", partial(_recommendation, numbers=set()))
    doc.sprints = _each(c, m, "", "sprints", partial(_sprint, numbers=set()))
    if c.errors:
        raise InputError(c.errors)
    return doc, c.warnings


def dumps_json(doc: PlanDocument) -> str:
    return json.dumps(document_to_dict(doc), indent=2, ensure_ascii=False) + "\n"


class _PlanDumper(yaml.SafeDumper):  # type: ignore[misc]
    """safe_dump, with multi-line text as literal blocks so a person can read and edit it."""


_YAML_BREAKS = frozenset("\r\x85\u2028\u2029")  # PyYAML writes these raw in plain or quoted text and
# reads them back as line breaks, so such text is written double-quoted, where they are escaped.


def _represent_text(dumper: Any, value: str) -> Any:
    style = '"' if _YAML_BREAKS.intersection(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_PlanDumper.add_representer(str, _represent_text)


def dumps_yaml(doc: PlanDocument) -> str:
    text: str = yaml.dump(document_to_dict(doc), Dumper=_PlanDumper, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=1_000_000_000)
    return text


class _PlanLoader(yaml.SafeLoader):  # type: ignore[misc]
    """safe_load, refusing what it would otherwise accept silently: a key given twice (the last one
    wins) and aliases (``*name``, which can also blow a small file up into a huge one)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a plan file",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = (key_node.tag, key_node.value) if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key '{key_node.value}' is given twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _DuplicateKeyError(ValueError):
    pass


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _unreadable(filename: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(Severity.ERROR, "parse_error", message, line=line, file=filename)])


def _check_size(text: str, filename: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise _unreadable(filename, f"the file is larger than {MAX_TEXT_CHARS // (1024 * 1024)} MB; split the plan")
    return text.removeprefix("\ufeff")  # a byte-order mark is how the file was saved, not content


def loads_json(text: str, filename: str = "") -> tuple[PlanDocument, list[Problem]]:
    try:
        data = json.loads(_check_size(text, filename), object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise _unreadable(filename, f"this is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                          exc.lineno) from exc
    except _DuplicateKeyError as exc:
        raise _unreadable(filename, f"the key '{exc}' is given twice in the same object; keep one") from exc
    except RecursionError as exc:
        raise _unreadable(filename, "this JSON is nested too deeply to be a plan") from exc
    return document_from_dict(data, filename=filename)


def loads_yaml(text: str, filename: str = "") -> tuple[PlanDocument, list[Problem]]:
    try:
        data = yaml.load(_check_size(text, filename), Loader=_PlanLoader)  # a SafeLoader: see _PlanLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise _unreadable(filename, f"this is not valid YAML: {exc.problem or exc.context}{where}",
                          mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise _unreadable(filename, f"this is not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise _unreadable(filename, "this YAML is nested too deeply to be a plan") from exc
    return document_from_dict(data, filename=filename)
