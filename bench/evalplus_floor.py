"""The floor under any EvalPlus-style evaluator: the same programs run in one Python process,
without isolation. Runs every reference on every input (the ground truth), then every sample on
the inputs until its first wrong or raising output (fail-fast, limit max(1 s, 4 x reference) per
input as EvalPlus sets it). Prints CPU seconds of the ground truth and of the samples.
Usage: python3 evalplus_floor.py humaneval|mbpp SAMPLES.jsonl (with evalplus's *_OVERRIDE_PATH)."""
import copy, json, signal, sys, time

from evalplus.data import get_human_eval_plus, get_mbpp_plus


class Limit(Exception):
    pass


def alarm(*_):
    raise Limit()


signal.signal(signal.SIGPROF, alarm)


def run(program, entry, inputs, limits=None, expected=None, times=None):
    ns = {"__name__": "__main__"}
    outs = []
    try:
        exec(program, ns)
        f = ns[entry]
    except BaseException:
        return outs
    for i, inp in enumerate(inputs):
        if limits:
            signal.setitimer(signal.ITIMER_PROF, limits[i])
        s = time.process_time()
        try:
            out = f(*copy.deepcopy(inp))
        except BaseException:
            return outs
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            if times is not None:
                times.append(time.process_time() - s)
        if expected is not None and out != expected[i]:
            return outs
        outs.append(out)
    return outs


dataset, samples = sys.argv[1:]
sys.stdout = open("/dev/null", "w")
report = sys.stderr
problems = get_human_eval_plus() if dataset == "humaneval" else get_mbpp_plus()
truth = {}
t0 = time.process_time()
for tid, p in problems.items():
    # MBPP+ writes a task without plus inputs as `{}`.
    inputs = p["base_input"] + (p["plus_input"] if isinstance(p["plus_input"], list) else [])
    prog = p["prompt"] + p["canonical_solution"] if dataset == "humaneval" else p["canonical_solution"]
    times = []
    outs = run(prog, p["entry_point"], inputs, times=times)
    truth[tid] = (inputs, outs, [max(1.0, 4 * t) for t in times])
gt = time.process_time() - t0
t0 = time.process_time()
for line in open(samples):
    r = json.loads(line)
    p = problems[r["task_id"]]
    prog = r.get("solution") or p["prompt"] + r.get("completion", "")
    inputs, outs, limits = truth[r["task_id"]]
    run(prog, p["entry_point"], inputs, limits, outs)
print(f"{gt:.2f} {time.process_time() - t0:.2f}", file=report)
