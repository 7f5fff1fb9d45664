"""The second SMT solver: cvc5 re-decides the same query from its SMT-LIB2 text.

The query goes through SMT-LIB2 (not through shared Python objects), so cvc5 sees exactly what
an external user re-running an exported certificate would see.
"""
from __future__ import annotations

import time
from typing import Any

import z3

from .z3_nodes import QUANTIFIER, VARIABLE, node


def smt2_text(formulas: list[z3.BoolRef], header: str = "", logic: str | None = None) -> str:
    s = z3.Solver()
    s.add(*formulas)
    body = _strict_smtlib(s.to_smt2().replace("; benchmark generated from python API\n", ""))
    lines = [f"; {ln}" for ln in header.splitlines()] if header else []
    return "\n".join(lines + [f"(set-logic {logic or smt_logic(formulas)})", body])


def smt_logic(formulas: list[z3.BoolRef]) -> str:
    """The narrowest SMT-LIB logic of the query (cvc5 picks its nonlinear procedures by it:
    under ``ALL`` it misses easy nonlinear real goals that ``QF_NRA`` settles at once)."""
    quant = uf = ints = reals = nonlinear = False
    seen: set[int] = set()
    todo = list(formulas)
    while todo:
        e = todo.pop()
        if e.get_id() in seen:
            continue
        seen.add(e.get_id())
        n = node(e)
        k, args = n.kind, n.args
        if k == QUANTIFIER:
            quant = True
            todo.extend(args)
            continue
        if k == VARIABLE:
            continue
        srt = e.sort()
        ints = ints or srt == z3.IntSort()
        reals = reals or srt == z3.RealSort()
        if k == z3.Z3_OP_UNINTERPRETED and args:
            uf = True
        elif k == z3.Z3_OP_UNINTERPRETED and not (z3.is_arith(e) or z3.is_bool(e)):
            quant = True  # a sort the QF arithmetic logics do not have: fall back to ALL
        elif k == z3.Z3_OP_MUL:
            nonlinear = nonlinear or sum(1 for a in args if node(a).kind != z3.Z3_OP_ANUM) > 1
        elif k in (z3.Z3_OP_DIV, z3.Z3_OP_IDIV, z3.Z3_OP_MOD, z3.Z3_OP_POWER):
            nonlinear = nonlinear or node(args[1]).kind != z3.Z3_OP_ANUM or k == z3.Z3_OP_POWER
        elif k in (z3.Z3_OP_TO_REAL, z3.Z3_OP_TO_INT, z3.Z3_OP_IS_INT):
            ints = reals = True
        todo.extend(args)
    if quant or not (ints or reals):
        return "ALL"
    arith = ("N" if nonlinear else "L") + ("IRA" if ints and reals else "IA" if ints else "RA")
    return "QF_" + ("UF" if uf else "") + arith


_NARY = {"+", "*", "and", "or"}


def _strict_smtlib(text: str) -> str:
    """Rewrite z3's one-argument ``(+ x)`` / ``(* x)`` / ``(and x)`` as ``x``.

    z3 prints a one-term ``Sum`` that way; SMT-LIB requires at least two arguments and cvc5
    rejects it. Strings and quoted symbols are copied untouched.
    """
    out: list[str] = []
    i, n = 0, len(text)
    stack: list[int] = []  # positions in ``out`` where each open list starts
    while i < n:
        ch = text[i]
        if ch == ";":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(text[i:j])
            i = j
            continue
        if ch in "\"|":
            j = text.find(ch, i + 1)
            j = n - 1 if j < 0 else j
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if ch == "(":
            stack.append(len(out))
            out.append("(")
        elif ch == ")":
            start = stack.pop() if stack else 0
            inner = "".join(out[start + 1:]).strip()
            parts = _top_level(inner)
            if len(parts) == 2 and parts[0] in _NARY:
                del out[start:]
                out.append(parts[1])
            else:
                out.append(")")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _top_level(s: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch.isspace() and depth == 0:
            if cur:
                parts.append(cur)
            cur = ""
            if len(parts) > 2:
                return parts + ["..."]
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


def available() -> bool:
    try:
        import cvc5  # noqa: F401
    except ImportError:
        return False
    return True


DEFAULT_RLIMIT = 500_000
"""cvc5 resource units per query (``rlimit-per``): the deterministic budget that decides. A hard
nonlinear query spends it in about 2–3 s on one core; easy ones need a few thousand units."""

NONLINEAR_OPTIONS = (("nl-ext-tplanes", "true"),)
"""Tangent-plane lemmas settle most of the nonlinear real goals cvc5 otherwise gives up on."""

COVERINGS_OPTIONS = (("nl-cov", "true"), ("nl-ext", "none"))
"""Cylindrical algebraic coverings alone: they settle the rational-function goals (induction
steps with divisions) on which the tangent-plane strategy runs out of resources."""


def run_cvc5(text: str, rlimit: int = DEFAULT_RLIMIT, safety_s: float = 300.0,
             options: tuple[tuple[str, str], ...] = NONLINEAR_OPTIONS) -> dict[str, Any]:
    """Decide SMT-LIB2 ``text`` with cvc5's Python API; returns name, version, status, seconds.

    ``rlimit`` (cvc5 resource units) is what bounds the work, so the answer does not depend on
    the machine's load; ``safety_s`` is a wall-clock safety net far above it.
    """
    try:
        import cvc5
    except ImportError:
        return {"name": "cvc5", "version": None, "status": "unavailable", "seconds": 0.0,
                "reason": "cvc5 is not installed (pip install 'bayes-verify[smt2]')"}
    solver = cvc5.Solver()
    solver.setOption("rlimit-per", str(max(1, int(rlimit))))
    solver.setOption("tlimit-per", str(max(1, int(safety_s * 1000))))
    for k, v in options:
        try:
            solver.setOption(k, v)
        except Exception:  # an older cvc5 without the option: decide without it
            pass
    parser = cvc5.InputParser(solver)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "obligation")
    sm = parser.getSymbolManager()
    status = "unknown"
    reason = ""
    t0 = time.perf_counter()
    try:
        while True:
            cmd = parser.nextCommand()
            if cmd.isNull():
                break
            out = cmd.invoke(solver, sm).strip()
            word = out.split()[0] if out else ""
            if word in ("sat", "unsat", "unknown"):
                status = word
                if word == "unknown":
                    reason = _reason_unknown(solver)
    except Exception as exc:  # cvc5 raises RuntimeError subclasses on parse/logic errors
        status = "error"
        return {"name": "cvc5", "version": cvc5_version(), "status": status,
                "seconds": round(time.perf_counter() - t0, 4), "detail": str(exc)[:300]}
    out = {"name": "cvc5", "version": cvc5_version(), "status": status, "rlimit": rlimit,
           "seconds": round(time.perf_counter() - t0, 4)}
    if reason:
        out["reason"] = reason
    return out


def _reason_unknown(solver: Any) -> str:
    try:
        info = solver.getInfo("reason-unknown")
    except Exception:
        return "unknown"
    if isinstance(info, bytes):
        info = info.decode(errors="replace")
    return str(info).strip() or "unknown"


def cvc5_version() -> str | None:
    try:
        import cvc5
    except ImportError:
        return None
    v = cvc5.Solver().getVersion() if hasattr(cvc5.Solver, "getVersion") else getattr(cvc5, "__version__", "?")
    return v.decode() if isinstance(v, bytes) else str(v)


COVERINGS_SAFETY_S = 5.0
"""Wall-clock safety net of a coverings attempt: coverings do not count cvc5's resource units as
they search, so a query they cannot settle would run on. The ones they settle take well under a
second; only cvc5's confirmation can be lost to this net, never a verdict (z3 decides)."""


def _in_child(fn: Any, text: str, rlimit: int, safety_s: float, **kw: Any) -> dict[str, Any]:
    """``fn(text, rlimit, safety_s, **kw)`` in a forked child, killed after the safety net.

    A bare ``os.fork``: the engine's workers are daemonic ``multiprocessing`` processes, which
    may not start ``multiprocessing`` children of their own."""
    import os
    import pickle
    import select
    import signal
    limit = max(0.001, min(safety_s, COVERINGS_SAFETY_S))
    t0 = time.perf_counter()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, then leave without running any cleanup
        code = 0
        try:
            os.close(r)
            try:
                out = fn(text, rlimit, limit, **kw)
            except BaseException as exc:
                out = {"name": "cvc5", "status": "error", "seconds": 0.0, "detail": f"{type(exc).__name__}: {exc}"}
            data = pickle.dumps(out)
            with os.fdopen(w, "wb") as f:
                f.write(data)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(w)
    chunks: list[bytes] = []
    timed_out = False
    try:
        deadline = t0 + limit + 1.0
        while True:
            left = deadline - time.perf_counter()
            ready = select.select([r], [], [], left)[0] if left > 0 else []
            if not ready:
                timed_out = True
                break
            chunk = os.read(r, 1 << 16)
            if not chunk:  # the child closed the pipe: its whole answer is in
                break
            chunks.append(chunk)
        if timed_out:
            return {"name": "cvc5", "version": cvc5_version(), "status": "unknown", "rlimit": rlimit,
                    "seconds": round(time.perf_counter() - t0, 4),
                    "reason": f"safety net: stopped after {limit:g} s before reaching its resource limit"}
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:
            return {"name": "cvc5", "status": "error", "seconds": round(time.perf_counter() - t0, 4),
                    "detail": "the cvc5 child died without an answer"}
    finally:
        os.close(r)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _after(first: dict[str, Any], second: dict[str, Any], first_name: str, second_name: str,
           first_why: str, second_detail: bool = True) -> dict[str, Any]:
    """The second attempt's answer, with both attempts' time and, if it too is undecided, both reasons."""
    second["seconds"] = round(second.get("seconds", 0.0) + first.get("seconds", 0.0), 4)
    if second["status"] in ("error", "unknown"):
        fallback = second.get("detail", second["status"]) if second_detail else second["status"]
        second["reason"] = (f"{first_name}: {first.get(first_why, first['status'])}; "
                            f"{second_name}: {second.get('reason', fallback)}")
    return second


def decide(formulas: list[z3.BoolRef], rlimit: int = DEFAULT_RLIMIT, safety_s: float = 300.0) -> dict[str, Any]:
    """cvc5's answer on the query, each attempt under the same resource limit:

    1. the narrowest logic; for nonlinear arithmetic two strategies, one after the other if the
       first runs out of resources: tangent planes, then cylindrical algebraic coverings — in the
       other order when the query also has uninterpreted functions (induction steps over a
       recursive sequence, where coverings settle what tangent planes do not);
    2. if cvc5 rejects the logic (a construct outside it): ``ALL``.
    """
    logic = smt_logic(formulas)
    text = smt2_text(formulas, logic=logic)
    nonlinear = logic.startswith("QF_") and "N" in logic.split("_")[-1]
    plans = [("tangent planes", NONLINEAR_OPTIONS), ("coverings", COVERINGS_OPTIONS)]
    if nonlinear and "UF" in logic:
        plans.reverse()

    def attempt(options: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        if options == COVERINGS_OPTIONS:  # it does not always stop at its resource limit
            return _in_child(run_cvc5, text, rlimit, safety_s, options=COVERINGS_OPTIONS)
        return run_cvc5(text, rlimit, safety_s, options=options)

    out = attempt(plans[0][1])
    tried = logic
    if out["status"] == "unknown" and nonlinear:
        out = _after(out, attempt(plans[1][1]), plans[0][0], plans[1][0], first_why="reason")
        tried = f"{logic} ({plans[0][0]}, then {plans[1][0]})"
    elif out["status"] == "error" and logic != "ALL":
        out = _after(out, run_cvc5(smt2_text(formulas, logic="ALL"), rlimit, safety_s), logic, "ALL",
                     first_why="detail", second_detail=False)
        tried = f"{logic}, then ALL"
    elif nonlinear and plans[0][1] == COVERINGS_OPTIONS:
        tried = f"{logic} ({plans[0][0]})"
    out["logic"] = tried
    return out
