"""Hypothesis strategies for state machines with every shape a picture must handle: loops
back up (Choice rules and Catchers may go anywhere; Next always leads on, which keeps
every state reachable, as AWS requires), arrows to the same state, many arrows between two states, long names, odd
characters, Choice rules and Catchers, Maps and Parallels nested in each other."""
from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:work"
NAME_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
NAMES = st.one_of(st.from_regex(r"[A-Z][a-zA-Z]{0,12}", fullmatch=True),
                  st.text(NAME_CHARS, min_size=1, max_size=30).filter(lambda s: s.strip() == s and s.strip()))


@st.composite
def scope(draw: Any, prefix: str, depth: int, max_states: int = 8) -> dict[str, Any]:
    count = draw(st.integers(1, max_states))
    raw = draw(st.lists(NAMES, min_size=count, max_size=count, unique=True))
    names = [f"{prefix}{i}{name}"[:80] for i, name in enumerate(raw)]
    states: dict[str, Any] = {}
    for i, name in enumerate(names):
        last = i == len(names) - 1
        anywhere = st.sampled_from(names)
        after = names[i + 1] if not last else None
        kinds = ["Pass", "Task", "Wait"] + (["Choice"] if not last else []) + (["Map", "Parallel"] if depth < 2 else [])
        kind = draw(st.sampled_from(kinds))
        state: dict[str, Any] = {"Type": kind}
        if kind == "Choice":
            targets = [after] + draw(st.lists(anywhere, max_size=3))
            state["Choices"] = [{"Variable": "$.n", "NumericGreaterThan": draw(st.integers(0, 999)), "Next": t}
                                for t in targets]
            state["Default"] = draw(anywhere)
        else:
            if kind == "Task":
                state["Resource"] = LAMBDA
            if kind == "Wait":
                state["Seconds"] = 1
            if kind == "Map":
                state["ItemProcessor"] = draw(scope(f"{prefix}{i}m", depth + 1, 4))
            if kind == "Parallel":
                state["Branches"] = [draw(scope(f"{prefix}{i}b{b}", depth + 1, 3)) for b in range(draw(st.integers(1, 3)))]
            if kind in ("Task", "Map", "Parallel") and draw(st.booleans()):
                state["Catch"] = [{"ErrorEquals": [draw(st.sampled_from(["States.ALL", "Oops", "States.Timeout"]))],
                                   "Next": draw(anywhere)}]
            if last:  # every other state leads to the next one, so all are reachable
                state["End"] = True
            else:
                state["Next"] = after
        states[name] = state
    return {"StartAt": names[0], "States": states}


machines = scope("", 0)
