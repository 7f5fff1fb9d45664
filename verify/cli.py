"""The ``verify`` command line.

Usage::

    verify list [PATTERN ...]                 claims and their obligations
    verify show ID [--run]                    one claim in full (with --run: decided, with evidence)
    verify run [PATTERN ...] [--json PATH] [--junit PATH] [--jobs N] [--no-second-solver] [--slow]
               [--rlimit N] [--cvc5-rlimit N] [--seeds N] [-v]
    verify witness NAME [ARGS ...]            a numeric witness registered by a claim pack
    verify export --smt2 DIR [PATTERN ...]    SMT-LIB2 certificates, one file per SMT goal

PATTERN is a glob on claim ids (``yang.softmax.*``); a pattern that matches a claim also selects
its sub-claims. Problems are printed one per line as ``file: status: claim/obligation: message``.

Exit codes:
    0  the gate passes: every obligation of every selected claim is discharged
    1  an obligation failed or broke, or a claim module could not be loaded
    2  something is unknown (solver unknown, time-out) and nothing failed
    3  internal error of the tool itself
    4  usage error (bad arguments, no matching claim, unreadable input)
  130  interrupted by SIGINT (Ctrl-C); 143 by SIGTERM — the reports cover what finished
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from importlib.metadata import entry_points
from typing import Sequence

from .discharge import DischargeSettings
from .discharge.second_solver import available as second_solver_available
from .errors import UsageError
from .registry import discover
from .report import render_table, to_json, write_json, write_junit
from .run import run, select

EXIT_OK, EXIT_FAILED, EXIT_UNKNOWN, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2, 3, 4
WITNESS_GROUP = "verify.witnesses"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 by default; ours is 4
        raise UsageError(f"{self.prog}: {message}")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("bayes-verify")
    except PackageNotFoundError:
        return "0+unknown"


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verify", description="Decide paper claims from re-runnable evidence.",
                epilog="Exit codes:" + __doc__.split("Exit codes:")[1] if __doc__ else None,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--path", action="append", default=[], metavar="DIR",
                   help="also load claim modules (*.py) from DIR (repeatable)")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="cmd", parser_class=_Parser)
    ls = sub.add_parser("list", help="list claims")
    ls.add_argument("patterns", nargs="*")
    sh = sub.add_parser("show", help="show one claim")
    sh.add_argument("id")
    sh.add_argument("--run", action="store_true", help="also decide it and show the evidence")
    sh.add_argument("--second-solver", action=argparse.BooleanOptionalAction, default=True)
    r = sub.add_parser("run", help="decide claims")
    r.add_argument("patterns", nargs="*")
    r.add_argument("--json", metavar="PATH", help="write the JSON report to PATH ('-': standard output)")
    r.add_argument("--junit", metavar="PATH")
    r.add_argument("--markdown", metavar="PATH", help="write the claims table as Markdown")
    r.add_argument("--update-readme", metavar="PATH", help="replace the generated table in a README")
    r.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: CPU count)")
    r.add_argument("--second-solver", action=argparse.BooleanOptionalAction, default=True,
                   help="re-decide every deciding SMT goal with cvc5 (default: on when cvc5 is installed)")
    r.add_argument("--no-analysis", action="store_true",
                   help="skip the unsat-core and necessity analysis of hypotheses (vacuity is always checked)")
    r.add_argument("--timeout-scale", type=float, default=1.0,
                   help="multiply every wall-clock safety net (verdicts rest on resource limits, not on these)")
    r.add_argument("--rlimit", type=int, default=DischargeSettings.rlimit, metavar="N",
                   help="z3 resource units per query (default %(default)s)")
    r.add_argument("--cvc5-rlimit", type=int, default=DischargeSettings.cvc5_rlimit, metavar="N",
                   help="cvc5 resource units per query (default %(default)s)")
    r.add_argument("--seeds", type=int, default=0, metavar="N",
                   help="re-run each SMT goal under N more random seeds and report the spread of resources "
                        "used; goals whose answer changes with the seed are flagged as brittle")
    r.add_argument("--seed", type=int, default=DischargeSettings.seed)
    r.add_argument("--verbose", "-v", action="store_true", help="print every obligation, not only problems")
    r.add_argument("--slow", action="store_true", help="also run obligations marked slow (long sweeps)")
    w = sub.add_parser("witness", help="run a numeric witness", add_help=False)
    w.add_argument("name", nargs="?")
    w.add_argument("args", nargs=argparse.REMAINDER)
    ex = sub.add_parser("export", help="export SMT-LIB2 certificates")
    ex.add_argument("--smt2", required=True, metavar="DIR")
    ex.add_argument("patterns", nargs="*")
    return p


def _cmd_list(args: argparse.Namespace) -> int:
    reg = discover(args.path)
    claims = select(reg, args.patterns)
    for c in claims:
        depth = max(0, c.id.count(".") - 2)
        kinds = ", ".join(f"{o.method}/{o.role}" for o in c.obligations) or "(no obligations: not formal)"
        print(f"{'  ' * depth}{c.id}  [{c.where}]  {len(c.obligations)} obligations: {kinds}")
    for e in reg.errors:
        print(f"{e.source}: error: {e.message}", file=sys.stderr)
    return EXIT_FAILED if reg.errors else EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    reg = discover(args.path)
    if args.id not in reg.claims:
        raise UsageError(f"no claim with id {args.id!r} (try `verify list`)")
    c = reg.claims[args.id]
    print(f"{c.id}\n  paper: {c.paper}\n  where: {c.where}\n  source: {c.source}")
    print(f"  statement: {c.statement}")
    if c.latex:
        print(f"  latex: {c.latex}")
    if not c.formal:
        print("  formal: no (an interpretation; its sub-claims carry the checkable content)")
    if c.note:
        print(f"  note: {c.note}")
    for h in c.hypotheses:
        print(f"  hypothesis {h.name}: {h.statement}")
    subs = [k for k in sorted(reg.claims) if k.startswith(c.id + ".")]
    if subs:
        print("  sub-claims: " + ", ".join(subs))
    if not args.run:
        for o in c.obligations:
            b = f", family over {o.bound}" if o.bound else ""
            x = ", cross-check" if o.cross_check else ""
            print(f"  obligation {o.id} [{o.method}/{o.role}{b}{x}]: {o.statement}")
        return EXIT_OK
    settings = DischargeSettings(second_solver=args.second_solver and second_solver_available())
    result = run(reg, [c.id], settings=settings)
    cr = next(x for x in result.claims if x.claim.id == c.id)
    print(f"  verdict: {cr.verdict}" + (f" ({cr.bound})" if cr.bound else ""))
    for o in json.loads(json.dumps(to_json(result)))["claims"][[x.claim.id for x in result.claims].index(c.id)]["obligations"]:
        print(f"  obligation {o['id']} [{o['method']}/{o['role']}]: {o['status']} in {o['seconds']}s — {o['detail']}")
        for k in ("counterexample", "used_hypotheses", "redundant", "necessary", "vacuity", "second_solver"):
            if o.get(k):
                print(f"      {k}: {json.dumps(o[k], ensure_ascii=False)[:400]}")
    return result.exit_code()


def _check_writable(path: str) -> None:
    """Raise a usage error now if a report cannot be written at ``path``."""
    from pathlib import Path
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise UsageError(f"report path {path}: is a directory")
    if not parent.is_dir():
        raise UsageError(f"report path {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise UsageError(f"report path {path}: not writable")


def _cmd_run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if not (math.isfinite(args.timeout_scale) and args.timeout_scale > 0):
        raise UsageError("--timeout-scale must be a finite positive number")
    for name in ("rlimit", "cvc5_rlimit"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
    if args.seeds < 0:
        raise UsageError("--seeds must be 0 or more")
    reg = discover(args.path)
    settings = DischargeSettings(seed=args.seed, analyse_hypotheses=not args.no_analysis,
                                 second_solver=args.second_solver and second_solver_available(),
                                 timeout_scale=args.timeout_scale, rlimit=args.rlimit,
                                 cvc5_rlimit=args.cvc5_rlimit, seeds=args.seeds)
    outputs = [p for p in (args.json, args.junit, args.markdown) if p and p != "-"]
    for p in outputs:  # before the run, so that a bad path does not lose its results
        _check_writable(p)
    result = run(reg, args.patterns, jobs=args.jobs, settings=settings, include_slow=args.slow)
    table = render_table(result, verbose=args.verbose)
    print(table, file=sys.stderr if args.json == "-" else sys.stdout)
    if args.json == "-":
        json.dump(to_json(result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.json:
        write_json(result, args.json)
    if args.junit:
        write_junit(result, args.junit)
    if args.markdown:
        from pathlib import Path

        from .report.markdown import render_markdown
        Path(args.markdown).write_text(render_markdown(result) + "\n", encoding="utf-8")
    if args.update_readme:
        from .report.markdown import update_readme
        update_readme(result, args.update_readme)
    return result.exit_code()


def _cmd_witness(args: argparse.Namespace) -> int:
    eps = {e.name: e for e in entry_points(group=WITNESS_GROUP)}
    if not args.name or args.name in ("-h", "--help"):
        print("usage: verify witness NAME [ARGS ...]\nwitnesses: " + (", ".join(sorted(eps)) or "(none)"))
        return EXIT_OK if args.name else EXIT_USAGE
    if args.name not in eps:
        raise UsageError(f"no witness named {args.name!r}; available: {', '.join(sorted(eps)) or 'none'}")
    fn = eps[args.name].load()
    return int(fn(list(args.args)) or 0)


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export_smt2
    reg = discover(args.path)
    claims = select(reg, args.patterns)
    written, problems = export_smt2(claims, args.smt2)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"wrote {written} SMT-LIB2 files to {args.smt2}")
    return EXIT_FAILED if problems else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
        if args.cmd is None:
            _parser().print_help()
            return EXIT_USAGE
        handler = {"list": _cmd_list, "show": _cmd_show, "run": _cmd_run,
                   "witness": _cmd_witness, "export": _cmd_export}[args.cmd]
        return handler(args)
    except UsageError as exc:
        print(f"verify: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("verify: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `verify run | head`: the reader left; nothing more to say
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # the tool itself broke: say so distinctly from a failed claim
        import traceback
        traceback.print_exc()
        print(f"verify: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
