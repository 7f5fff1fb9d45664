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
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .discharge import DischargeSettings
from .discharge.second_solver import available as second_solver_available
from .errors import UsageError
from .registry import discover
from .report import render_table, to_json, write_json, write_junit
from .run import run, select

if TYPE_CHECKING:
    import random

    from .dask_executor import DaskExecutor
    from .store import ProofStore

EXIT_OK, EXIT_FAILED, EXIT_UNKNOWN, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2, 3, 4
WITNESS_GROUP = "verify.witnesses"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 by default; ours is 4
        raise UsageError(message if self.prog == "verify" else f"{self.prog}: {message}")


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
    r.add_argument("--html", metavar="PATH", help="write the claims ledger: one self-contained HTML file")
    r.add_argument("--sarif", metavar="PATH", help="write SARIF 2.1.0 (GitHub code scanning)")
    r.add_argument("--format", choices=("table", "github"), default="table",
                   help="github: also print GitHub Actions annotations (::error file=…,line=…::…)")
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
    r.add_argument("--quiet", "-q", action="store_true", help="no progress and no table: the summary only")
    r.add_argument("--slow", action="store_true", help="also run obligations marked slow (long sweeps)")
    _store_args(r)
    _executor_args(r)
    r.add_argument("--durations", type=int, default=0, metavar="N", help="print the N slowest obligations")
    sw = sub.add_parser("sweep", help="push families past their declared range, one task per member")
    sw.add_argument("patterns", nargs="*")
    sw.add_argument("--to", type=int, required=True, metavar="N", help="the largest family value to try")
    sw.add_argument("--jobs", type=int, default=None, metavar="N")
    sw.add_argument("--json", metavar="PATH", help="write how far each family got as JSON")
    sw.add_argument("--second-solver", action=argparse.BooleanOptionalAction, default=True)
    _store_args(sw)
    _executor_args(sw)
    ca = sub.add_parser("cache", help="the proof store: stats | clear | verify")
    ca.add_argument("action", choices=("stats", "clear", "verify"))
    ca.add_argument("--cache", metavar="DIR", default=None, help="the store's directory (default: $VERIFY_CACHE "
                    "or the user's cache home)")
    ca.add_argument("--sample", type=int, default=10, metavar="N", help="with verify: how many entries to re-run")
    ca.add_argument("--seed", type=int, default=0)
    w = sub.add_parser("witness", help="run a numeric witness (verify witness NAME --help)", add_help=False,
                       prefix_chars="\0")
    w.add_argument("name", nargs="?")
    w.add_argument("args", nargs=argparse.REMAINDER)
    ex = sub.add_parser("export", help="export SMT-LIB2 certificates")
    ex.add_argument("--smt2", required=True, metavar="DIR")
    ex.add_argument("patterns", nargs="*")
    for sp_ in (ls, sh, r, sw, ca, ex):  # `--path` before or after the subcommand
        sp_.add_argument("--path", action="append", dest="path_after", default=[], metavar="DIR",
                         help="also load claim modules (*.py) from DIR (repeatable)")
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
    claims_json = json.loads(json.dumps(to_json(result)))["claims"]
    for o in claims_json[[x.claim.id for x in result.claims].index(c.id)]["obligations"]:
        print(f"  obligation {o['id']} [{o['method']}/{o['role']}]: {o['status']} in {o['seconds']}s — {o['detail']}")
        for k in ("counterexample", "used_hypotheses", "redundant", "necessary", "vacuity", "second_solver"):
            if o.get(k):
                print(f"      {k}: {json.dumps(o[k], ensure_ascii=False)[:400]}")
    return result.exit_code()


def _store_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache", metavar="DIR", default=None,
                   help="the proof store's directory (default: $VERIFY_CACHE or the user's cache home)")
    p.add_argument("--no-cache", action="store_true", help="recompute everything; store nothing (the CI gate)")


def _executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local forked workers (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://host:8786")


def _store(args: argparse.Namespace) -> ProofStore | None:
    if getattr(args, "no_cache", False):
        return None
    from .store import ProofStore, default_root
    return ProofStore(args.cache or default_root())


def _executor(args: argparse.Namespace) -> DaskExecutor | None:
    if args.executor == "dask":
        from .dask_executor import DaskExecutor
        return DaskExecutor(args.scheduler)
    if args.scheduler:
        raise UsageError("--scheduler goes with --executor dask")
    return None


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
    from .report.progress import Progress, choose_mode
    progress = Progress(choose_mode(args.quiet))
    progress.say("verify: loading claim packs …")
    reg = discover(args.path)
    settings = DischargeSettings(seed=args.seed, analyse_hypotheses=not args.no_analysis,
                                 second_solver=args.second_solver and second_solver_available(),
                                 timeout_scale=args.timeout_scale, rlimit=args.rlimit,
                                 cvc5_rlimit=args.cvc5_rlimit, seeds=args.seeds)
    outputs = [p for p in (args.json, args.junit, args.markdown, args.html, args.sarif) if p and p != "-"]
    for p in outputs:  # before the run, so that a bad path does not lose its results
        _check_writable(p)
    try:
        result = run(reg, args.patterns, jobs=args.jobs, settings=settings, include_slow=args.slow,
                     store=_store(args), executor=_executor(args), progress=progress)
    finally:
        progress.end()
    table = render_table(result, verbose=args.verbose, summary_only=args.quiet)
    out = sys.stderr if args.json == "-" else sys.stdout
    print(table, file=out)
    if args.durations > 0:
        rows = sorted(((o.evidence.seconds, f"{c.claim.id}/{o.obligation.id}", o.evidence.data.get("store", {})
                        .get("status", "computed")) for c in result.claims for o in c.obligations), reverse=True)
        print(f"slowest {min(args.durations, len(rows))} obligations:", file=out)
        for secs, name, how in rows[:args.durations]:
            print(f"  {secs:8.2f}s  {name}  ({how})", file=out)
    for w in result.warnings:
        print(f"verify: warning: {w}", file=sys.stderr)
    if args.json == "-":
        json.dump(to_json(result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.json:
        write_json(result, args.json)
    if args.html:
        from .report.html import write_html
        write_html(result, args.html)
    if args.sarif:
        from .report.sarif import write_sarif
        write_sarif(result, args.sarif)
    if args.format == "github":
        from .report.sarif import github_annotations
        out.write(github_annotations(result))
    if args.junit:
        write_junit(result, args.junit)
    if args.markdown:
        from .report.markdown import render_markdown
        Path(args.markdown).write_text(render_markdown(result) + "\n", encoding="utf-8")
    if args.update_readme:
        from .report.markdown import update_readme
        update_readme(result, args.update_readme)
    return result.exit_code()


def _cmd_sweep(args: argparse.Namespace) -> int:
    from dataclasses import replace as _replace

    from .goals import Family
    reg = discover(args.path)
    claims = select(reg, args.patterns)
    tasks, spans = [], {}
    for c in claims:
        for o in c.obligations:
            if o.family is None or o.role != "supports":
                continue
            lo = min(o.family.values)
            values = list(range(lo, args.to + 1))
            spans[(c.id, o.id)] = (o.family.parameter, values, max(o.family.values))
            for v in values:
                one = _replace(o, id=f"{o.id}@{o.family.parameter}={v}", family=Family(o.family.parameter, [v]))
                tasks.append((_replace(c, obligations=(one,)), one))
    if not tasks:
        raise UsageError("no supporting family obligation among the selected claims")
    settings = DischargeSettings(second_solver=args.second_solver and second_solver_available())
    store = _store(args)
    from .registry import Registry
    sub = Registry()
    for c, _ in tasks:
        sub.claims[f"{c.id}#{c.obligations[0].id}"] = c
    result = run(sub, [], jobs=args.jobs, settings=settings, store=store, executor=_executor(args))
    status = {(cr.claim.id, cr.obligations[0].obligation.id): cr.obligations[0].evidence.status for cr in result.claims}
    report = []
    for (cid, oid), (param, values, declared) in spans.items():
        reached = None
        for v in values:
            if status.get((cid, f"{oid}@{param}={v}")) != "discharged":
                break
            reached = v
        first_bad = next((v for v in values if status.get((cid, f"{oid}@{param}={v}")) != "discharged"), None)
        report.append({"claim": cid, "obligation": oid, "parameter": param, "declared_max": declared,
                       "tried_to": args.to, "proved_up_to": reached, "first_not_discharged": first_bad})
        print(f"{cid}/{oid}: {param} ≤ {reached if reached is not None else '—'} discharged "
              f"(declared {param} ≤ {declared}, tried to {args.to})"
              + (f"; {param} = {first_bad} not discharged" if first_bad is not None else ""))
    if args.json:
        Path(args.json).write_text(json.dumps({"sweep": report, "seconds": round(result.seconds, 2)}, indent=2) + "\n")
    return EXIT_OK if all(r["first_not_discharged"] is None for r in report) else EXIT_UNKNOWN


def _cmd_cache(args: argparse.Namespace) -> int:
    import random

    from .store import ProofStore, default_root
    store = ProofStore(args.cache or default_root())
    if args.action == "stats":
        st = store.stats()
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(st["by_kind"].items())) or "empty"
        print(f"proof store {st['root']}: {st['entries']} entries ({kinds}), {st['bytes'] / 1e6:.2f} MB")
        return EXIT_OK
    if args.action == "clear":
        print(f"removed {store.clear()} entries from {store.root}")
        return EXIT_OK
    return _cache_verify(store, args, random.Random(args.seed))


def _cache_verify(store: ProofStore, args: argparse.Namespace, rng: random.Random) -> int:
    """Re-run a random sample of stored obligation results; any difference fails."""
    from .run import obligation_key, versions
    reg = discover(args.path)
    entries = []
    for p in store.entries():
        if p.parent.parent.name != "obligation":
            continue
        hit = store.get("obligation", p.stem)
        if hit and hit["payload"].get("claim") in reg.claims:
            entries.append((p.stem, hit["payload"]))
    rng.shuffle(entries)
    vers = versions()
    checked = stale = differ = 0
    for key, payload in entries:
        if checked >= args.sample:
            break
        claim = reg.claims[payload["claim"]]
        try:
            ob = claim.obligation(payload["obligation"])
        except KeyError:
            stale += 1
            continue
        settings = DischargeSettings(second_solver=second_solver_available())
        if obligation_key(claim, ob, settings, vers) != key:
            stale += 1  # stored under other sources or settings: not what a run would replay now
            continue
        from .run import run_obligations
        ev = run_obligations([(claim, ob)], settings, 1)[(claim.id, ob.id)]
        same = (ev.status, ev.scope, ev.tautology, ev.vacuous, ev.confirmed) == (
            payload["status"], payload.get("scope"), bool(payload.get("tautology")), bool(payload.get("vacuous")),
            bool(payload.get("confirmed")))
        checked += 1
        if not same:
            differ += 1
            print(f"DIFFERENT: {claim.id}/{ob.id}: stored {payload['status']}/{payload.get('scope')}, "
                  f"recomputed {ev.status}/{ev.scope}: {ev.detail}")
    for w in store.warnings:
        print(f"verify: warning: {w}", file=sys.stderr)
    print(f"re-ran {checked} stored results: {differ} differ ({stale} stale entries skipped)")
    return EXIT_FAILED if differ else EXIT_OK


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
        args.path = list(args.path) + list(getattr(args, "path_after", []))
        if args.cmd is None:
            _parser().print_help()
            return EXIT_USAGE
        handler = {"list": _cmd_list, "show": _cmd_show, "run": _cmd_run, "sweep": _cmd_sweep,
                   "cache": _cmd_cache, "witness": _cmd_witness, "export": _cmd_export}[args.cmd]
        return handler(args)
    except UsageError as exc:
        print(f"verify: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("verify: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `verify run | head`: the reader left; nothing more to say
        try:
            # Left open on purpose: the interpreter's final flush of stdout must find a writable file.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
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
