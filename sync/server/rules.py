"""Dues rule sets for GET /v1/rules: the national ones shipped with the app, plus a
locality's own, attached to a node and in force for every cell under it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from sqlalchemy import Connection, select

from cellclient.dues_rules import SHIPPED, RuleDataError, parse_rule_set
from sync.protocol import PROTOCOL_VERSION

from .roles import Caller, ancestors
from .state import CHUNK
from .tables import rule_sets


@cache
def shipped_rule_sets() -> tuple[dict, ...]:
    text = resources.files("cellclient").joinpath("data", SHIPPED).read_text(encoding="utf-8")
    return tuple(json.loads(text)["rule_sets"])


def check_rule_set(data: object) -> str:
    """The id of a valid rule set; ValueError says what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError("a rule set must be a JSON object")
    try:
        return parse_rule_set(data).id
    except (RuleDataError, AttributeError, TypeError) as exc:
        raise ValueError(str(exc)) from None


def rules_for(conn: Connection, caller: Caller) -> dict:
    """The shipped rule sets, and for each cell of the scope the extra ones in force
    there, the organisation's first so that a nearer node's set of the same id or
    month replaces it (``RuleBook`` keeps the later one)."""
    parents = ancestors(conn, caller.scope)
    extra: dict[str, list[dict]] = {}
    nodes = sorted(parents)
    for i in range(0, len(nodes), CHUNK):
        rows = conn.execute(select(rule_sets.c.node_id, rule_sets.c.data)
                            .where(rule_sets.c.node_id.in_(nodes[i:i + CHUNK]))
                            .order_by(rule_sets.c.created_at, rule_sets.c.id))
        for r in rows:
            extra.setdefault(r.node_id, []).append(json.loads(r.data))
    cells = {}
    for cell in sorted(caller.scope):
        chain, node = [], cell
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        cells[cell] = [rs for n in reversed(chain) for rs in extra.get(n, [])]
    return {"protocol": PROTOCOL_VERSION, "shipped": list(shipped_rule_sets()), "cells": cells}
