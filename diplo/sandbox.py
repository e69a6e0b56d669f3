"""Where a stranger's SPARQL runs: the endpoint's and the app's queries can never open a connection.

Two independent layers, so that neither depends on two parsers agreeing:

1. **One text.** SPARQL 1.1 §19.2 processes the codepoint escapes `\\uXXXX` and `\\UXXXXXXXX`
   before parsing. rdflib does; the oxigraph parser reads them inside strings only. So a query
   whose escapes close a string for one parser and not for the other could hide a SERVICE clause
   from the check. `checked_query` applies §19.2 itself, refuses a text whose processing leaves
   another escape behind, checks the parsed algebra of the *processed* text for SERVICE, and
   returns that processed text: what is executed is exactly what was checked. Parsing costs
   ~35 ms, so a processed text that cannot spell the keyword skips it (`may_name_service`): once
   escapes are processed, a SERVICE clause needs the word itself in the text, and every reading
   of it a parser could make (any case, the long s 'ſ', the dotless i 'ı', compatibility forms
   such as fullwidth letters) folds to "service".
2. **No network for the engine.** The process that evaluates the query (the `oxigraph` server
   behind `diplo serve`, the worker behind the app's SPARQL tab) runs under a seccomp filter
   (libseccomp through pyseccomp) that refuses `connect`, datagram and raw sockets, TCP Fast
   Open sends and io_uring. It can still accept connections on its listening socket and read
   its files; it cannot reach any host, this one included. Where seccomp is not available (not
   Linux, no libseccomp), `network_is_denied()` says so and layer 1 stands alone.
"""

from __future__ import annotations

import errno
import json
import re
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

from diplo.errors import QueryError

CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# Linux socket constants (the same on every architecture Python runs on here)
SOCK_TYPE_MASK = 0xF
SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_PACKET = 2, 3, 5, 10
MSG_FASTOPEN = 0x20000000
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def process_escapes(query: str) -> str:
    """The query text after SPARQL 1.1 §19.2 codepoint escape processing (one pass)."""
    def codepoint(match: re.Match) -> str:
        value = int(match.group(1) or match.group(2), 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise QueryError(f"the escape {match.group(0)} is not a Unicode character")
        return chr(value)

    processed = CODEPOINT_ESCAPE.sub(codepoint, query)
    if CODEPOINT_ESCAPE.search(processed):
        # "\u005Cu0022" becomes "\u0022": a second pass would read it again, and parsers differ on that
        raise QueryError("the query is ambiguous: an escape sequence (\\u...) produces another escape sequence")
    return processed


def may_name_service(processed: str) -> bool:
    """Whether a text free of escapes could hold the keyword SERVICE under any folding a parser
    might apply: case-insensitive matching by lower case (Kelvin sign 'K' to 'k'), by upper case
    (pyparsing's: 'ı' to 'I', 'ſ' to 'S'), or after compatibility normalisation ('ｓ' to 's')."""
    for text in (processed, unicodedata.normalize("NFKC", processed)):
        if "service" in text.casefold() or "service" in text.upper().casefold():
            return True
    return False


def checked_query(query: str) -> str:
    """The text to execute for `query`: escapes processed, refused if it holds a SERVICE clause."""
    processed = process_escapes(query)
    if not may_name_service(processed):
        return processed  # no SERVICE keyword can be read in it: no need to parse it
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(processed)
    except Exception:
        # rdflib cannot read it and it may spell SERVICE: refuse it rather than guess how the
        # engine would read it
        raise QueryError("SERVICE is not allowed: queries answer from this store's own data only") from None
    if _contains(parsed, "ServiceGraphPattern"):
        raise QueryError("SERVICE is not allowed: queries answer from this store's own data only")
    return processed


def _contains(node, name: str) -> bool:
    """Whether the parse tree (pyparsing results of rdflib CompValues) holds a part called `name`."""
    from pyparsing import ParseResults

    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        children = list(node.values())
    elif isinstance(node, (list, tuple, ParseResults)):
        children = list(node)
    else:
        return False
    return any(_contains(child, name) for child in children)


def network_is_denied() -> bool:
    """Whether `deny_network` can work on this machine (Linux with libseccomp)."""
    try:
        import pyseccomp  # noqa: F401  (loads libseccomp through ctypes)
    except (ImportError, OSError, RuntimeError):
        return False
    return sys.platform.startswith("linux")


def deny_network() -> None:
    """Install, in this process and every program it executes, a filter that refuses outgoing
    network traffic (EPERM). Meant as `preexec_fn` of the engine's process."""
    import pyseccomp as seccomp

    refuse = seccomp.ERRNO(errno.EPERM)
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    rules.add_rule(refuse, "connect")
    for sock_type in (SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_PACKET):
        rules.add_rule(refuse, "socket", seccomp.Arg(1, seccomp.MASKED_EQ, SOCK_TYPE_MASK, sock_type))
        rules.add_rule(refuse, "socketpair", seccomp.Arg(1, seccomp.MASKED_EQ, SOCK_TYPE_MASK, sock_type))
    rules.add_rule(refuse, "sendto", seccomp.Arg(4, seccomp.NE, 0))  # an address: a datagram or TCP Fast Open
    for call in ("sendmsg", "sendmmsg"):
        flags = 2 if call == "sendmsg" else 3
        rules.add_rule(refuse, call, seccomp.Arg(flags, seccomp.MASKED_EQ, MSG_FASTOPEN, MSG_FASTOPEN))
    for call in ("io_uring_setup", "io_uring_enter", "io_uring_register"):  # io_uring bypasses the filter
        rules.add_rule(refuse, call)
    rules.load()


def engine_preexec():
    """The `preexec_fn` for a process that evaluates untrusted queries: it dies with its parent
    (so that a killed `diplo serve` or app leaves no engine behind) and cannot reach the network
    (where the platform allows)."""
    deny = network_is_denied()

    def prepare() -> None:
        die_with_parent()
        if deny:
            deny_network()

    return prepare if sys.platform.startswith("linux") else None


def die_with_parent() -> None:
    """Ask Linux to send this process SIGKILL when its parent exits (prctl PR_SET_PDEATHSIG)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def select_isolated(store_dir: Path, query: str, timeout_s: float = 60) -> list[dict]:
    """Rows of any query form (ASK: one row with `answer`; CONSTRUCT and DESCRIBE: a row per
    triple) run by a worker process with no network, on the store at `store_dir` opened
    read-only. The query is checked first (`checked_query`)."""
    text = checked_query(query)
    try:
        done = subprocess.run([sys.executable, "-m", "diplo.sandbox", str(store_dir)], input=text.encode(),
                              capture_output=True, timeout=timeout_s, preexec_fn=engine_preexec())
    except subprocess.TimeoutExpired:
        raise QueryError(f"the query ran past {timeout_s:.0f} s and was stopped") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QueryError(message[-1] if message else f"the query worker failed (exit {done.returncode})")
    return json.loads(done.stdout)


def _worker(store_dir: str) -> int:
    """`python -m diplo.sandbox STORE_DIR`: the query on standard input, JSON rows on standard output."""
    from diplo.errors import DiploError
    from diplo.store import Store

    import pyoxigraph as ox

    query = sys.stdin.read()
    try:
        with Store.open_for_reading(Path(store_dir)) as store:
            answer = store.answer(query)
    except DiploError as error:
        print(error, file=sys.stderr)
        return 1
    if isinstance(answer, bool):  # ASK: one row that says it
        rows = [{"answer": answer}]
    elif isinstance(answer, bytes):  # CONSTRUCT, DESCRIBE: a row per triple
        rows = [{"subject": str(t.subject), "predicate": str(t.predicate), "object": str(t.object)}
                for t in ox.parse(answer, format=ox.RdfFormat.N_TRIPLES)]
    else:
        rows = answer
    json.dump(rows, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1]))
