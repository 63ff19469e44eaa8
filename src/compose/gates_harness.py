# The harness appended to a group's program by the compose gates (src/compose/gates.rs). Its
# parameters arrive as one JSON object in `_BS_PARAMS`, set just before this text:
#   seed, budget (CPU s), work, soft (work units), need (successful inputs before the soft
#   budget may stop a candidate), names (the candidates' entry points, in order), and bases:
#   [{name, constant, box: [[min, max, size], ...], seen: [args...], costs: [[args, work]...]}]
#   where constant, seen and costs' args are Python literals (text).
# It wraps each base (recording outermost calls that are not observed calls, for the domain
# gate, in mode 0; identity in mode 1, constant in mode 2) and dispatches to candidate `k`.
# Entry modes: 0 (first pass) returns `(output, base calls, work units)`; 1 (recheck) returns
# `(output, identity-run result, constant-run result)`. In the first pass, past `soft` work
# units with `need` successful inputs a candidate raises `_BsEnough` (its remaining inputs are
# not run), and it raises `_BsBudget` (it fails the time gate) as soon as the units spent plus
# the remaining inputs up to `need` at the cost of the last one exceed `work` (inputs grow
# along the list), as it does in either mode once past `work` units or `budget` CPU seconds.
# Work units: the first outermost call of a base with a given argument tuple runs under a line
# tracer and its count of line and call events becomes the cost of every call with those
# arguments, so only new arguments pay for the tracing; the observed calls start with the
# counts the probe made (the same tracer), so most tests trace nothing.

import copy as _bs_copy
import json as _bs_json
import random as _bs_random
import sys as _bs_sys
import time as _bs_time

_bs_p = _bs_json.loads(_BS_PARAMS)
_bs_random.seed(_bs_p["seed"])
_bs_state = {"mode": 0, "depth": 0}
_bs_log = []
_bs_spent = {}
_bs_done = {}
_bs_tried = {}
_bs_last = {}
_bs_units = {}
_bs_lastu = {}
_bs_work = [0]
_bs_ticks = [0]


def _bs_tracer(frame, event, arg):
    _bs_ticks[0] += 1
    return _bs_tracer


class _BsOutside(Exception):
    pass


class _BsBudget(Exception):
    pass


class _BsEnough(Exception):
    pass


def _bs_cp(v):
    """A copy of plain data, much faster than `copy.deepcopy` (no memo: inputs are trees)."""
    t = type(v)
    if t is list:
        return [_bs_cp(x) for x in v]
    if t is tuple:
        return tuple([_bs_cp(x) for x in v])
    if t is dict:
        return {_bs_cp(k): _bs_cp(x) for k, x in v.items()}
    if t is set:
        return set(v)
    if t is int or t is str or t is float or t is bool or v is None or t is frozenset:
        return v
    return _bs_copy.deepcopy(v)


def _bs_walk(v, acc):
    acc[0] += 1
    if acc[0] > 100000:
        raise _BsOutside("argument too large")
    t = type(v)
    if t is bool:
        return
    if t is int or t is float:
        if acc[1] is not None and v < acc[1]:
            raise _BsOutside("number below the observed range")
        if acc[2] is not None and v > acc[2]:
            raise _BsOutside("number above the observed range")
    elif t is str:
        acc[0] += len(v)
    elif t in (list, tuple, set, frozenset):
        for x in v:
            _bs_walk(x, acc)
    elif t is dict:
        for a, b in v.items():
            _bs_walk(a, acc)
            _bs_walk(b, acc)


def _bs_check_box(args, boxes):
    """The observed box (numbers in range, size bounded), checked before each base call in
    mode 0, so runaway arguments (an ITERATE that explodes) never reach the base."""
    if len(args) != len(boxes):
        return
    for v, (lo, hi, size) in zip(args, boxes):
        acc = [0, lo, hi]
        _bs_walk(v, acc)
        if acc[0] > size:
            raise _BsOutside("argument larger than any observed")


def _bs_wrap(j, orig, const, box, seen, cost_of):
    def wrapper(*args, **kwargs):
        mode = _bs_state["mode"]
        if mode == 1:
            return args[0]
        if mode == 2:
            return _bs_copy.deepcopy(const)
        if _bs_state["depth"] > 0:
            return orig(*args, **kwargs)
        _bs_check_box(args, box)
        a = list(args)
        r = repr(a)
        if len(_bs_log) < 1000 and r not in seen:
            _bs_log.append([j, _bs_cp(a)])
        cost = cost_of.get(r)
        _bs_state["depth"] += 1
        # The first call with these arguments counts the lines and calls it executes: that
        # count is the work of every call with them (deterministic, unlike a clock).
        t0 = _bs_ticks[0]
        if cost is None:
            _bs_sys.settrace(_bs_tracer)
        try:
            return orig(*args, **kwargs)
        finally:
            if cost is None:
                _bs_sys.settrace(None)
                cost = _bs_ticks[0] - t0 + 1
                cost_of[r] = cost
            _bs_state["depth"] -= 1
            _bs_work[0] += cost

    return wrapper


for _bs_j, _bs_b in enumerate(_bs_p["bases"]):
    globals()[_bs_b["name"]] = _bs_wrap(
        _bs_j,
        globals()[_bs_b["name"]],
        eval(_bs_b["constant"]),
        [tuple(x) for x in _bs_b["box"]],
        {repr(a) for a in (eval(s) for s in _bs_b["seen"])},
        {repr(eval(a)): w for a, w in _bs_b["costs"]},
    )
_bs_fns = [globals()[_bs_n] for _bs_n in _bs_p["names"]]
_BS_NEED = _bs_p["need"]
_BS_WORK = _bs_p["work"]
_BS_SOFT = _bs_p["soft"]
_BS_BUDGET = _bs_p["budget"]


def _bs_entry(k, mode, *args):
    spent = _bs_spent.get(k, 0.0)
    tried = _bs_tried.get(k, 0)
    units = _bs_units.get(k, 0)
    late = max(0, _BS_NEED - tried) * _bs_lastu.get(k, 0)
    if units > _BS_WORK or (mode == 0 and units + late > _BS_WORK):
        raise _BsBudget("work budget of the candidate exhausted")
    if spent > _BS_BUDGET:
        raise _BsBudget("cpu budget of the candidate exhausted")
    if mode == 0 and units > _BS_SOFT and _bs_done.get(k, 0) >= _BS_NEED:
        raise _BsEnough("enough tests within the soft budget")
    _bs_state["mode"] = 0
    _bs_state["depth"] = 0
    del _bs_log[:]
    _bs_tried[k] = tried + 1
    t0 = _bs_time.process_time()
    w0 = _bs_time.perf_counter()
    u0 = _bs_work[0]
    try:
        out = _bs_fns[k](*_bs_cp(args))
        _bs_done[k] = _bs_done.get(k, 0) + 1
        if mode == 0:
            return (out, list(_bs_log), _bs_work[0] - u0 + 1)
        res = [out]
        if mode == 1:
            for alt in (1, 2):
                _bs_state["mode"] = alt
                try:
                    res.append(["ok", _bs_fns[k](*_bs_cp(args))])
                except Exception as e:
                    res.append(["raised", type(e).__name__])
        return tuple(res)
    finally:
        _bs_state["mode"] = 0
        # CPU time, or a third of the wall clock for code that sleeps.
        _bs_last[k] = max(_bs_time.process_time() - t0, (_bs_time.perf_counter() - w0) / 3)
        _bs_spent[k] = _bs_spent.get(k, 0.0) + _bs_last[k]
        _bs_lastu[k] = _bs_work[0] - u0 + 1
        _bs_units[k] = units + _bs_lastu[k]
