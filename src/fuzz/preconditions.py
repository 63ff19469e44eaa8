# Helpers that the docstring preconditions of datasets/fuzz/preconditions.yaml call. They are
# appended to the reference program inside the fuzzing oracle's contract wrapper.


def _bs_balanced(s):
    """Every bracket the string uses is closed in order, and nothing else but spaces and
    the brackets themselves (the groups HumanEval/1 and /6 speak of)."""
    pairs = {")": "(", "]": "[", "}": "{", ">": "<"}
    stack = []
    for ch in s:
        if ch in "([{<":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
        elif ch != " ":
            return False
    return not stack


def _bs_holds(check):
    """A requirement that raises (a TypeError on an unexpected value) does not hold."""
    try:
        return bool(check())
    except Exception:
        return False
