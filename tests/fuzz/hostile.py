"""What people (and scripts) may type: hypothesis strategies for one field's value, for a whole form, and for JSON.

A field gets either what the page offers (its current value, one of its options: a submission can be valid, and
then a success is the right answer), or something hostile: very long text, any unicode, right-to-left overrides,
control characters with NUL, numbers far out of range, dates that do not exist, the wrong type. A field may also be
left out, or sent twice.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.fuzz.pages import Field, Form

MISSING = object()  # the field is not sent at all

_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)  # no lone surrogates: not UTF-8
_CONTROL = st.text(st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u2028\u2029"))
_BIDI = st.sampled_from(["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200e", "\u061c"])
_NUMBERS = st.sampled_from(
    ["-1", "0", "1e309", "NaN", "inf", "-0", "0x10", "9" * 40, str(2**63), str(-(2**63) - 1), "1.5", "٣", "１２"]
)
_DATES = st.sampled_from(
    [
        "2024-02-30",
        "2023-02-29",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "31-12-2024",
        "2024-13-01",
        "2024-1-1",
        "2024-03-31T02:30",
        "24:00",
        "25:61",
        "99:99",
        "-1:00",
        "T",
    ]
)
_STRANGE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "<script>alert(1)</script>",
        "'; DROP TABLE user; --",
        "{{ 7*7 }}",
        "%(x)s %s {0}",
        "../../etc/passwd",
        "javascript:alert(1)",
        "null",
        "true",
        "[]",
        "{}",
        "\ufeff",
        "\u0000" * 3,
        "e\u0301" * 10,
        "👩‍👩‍👧‍👦" * 20,
        "مرحبا بالعالم \u202e!dlrow",
        "Ayşe İIıi ß ﬃ",
    ]
)


@st.composite
def _long(draw) -> str:
    size = draw(st.sampled_from([129, 201, 255, 256, 1001, 5001, 20_001, 200_000]))
    unit = draw(st.sampled_from(["a", "é", "ش", "😀", "\u202e", "a\x00", " "]))
    return (unit * size)[:size]


@st.composite
def _mixed(draw) -> str:
    parts = draw(st.lists(_ANY_TEXT | _CONTROL | _BIDI | _STRANGE, min_size=1, max_size=4))
    return "".join(parts)


HOSTILE_TEXT = st.one_of(_ANY_TEXT, _CONTROL, _BIDI, _STRANGE, _long(), _mixed(), _NUMBERS, _DATES)


def offered(field: Field) -> st.SearchStrategy[str]:
    """A value the page itself offers for this field."""
    choices = [o for o in field.options] or [field.value]
    if field.kind in ("text", "textarea", "email", "search") and not field.value:
        choices = ["Gewoon een zin.", "samira@example.org" if field.kind == "email" else "Ik wil graag verder."]
    if field.kind == "date" and not field.value:
        choices = ["2030-01-15"]
    if field.kind == "time" and not field.value:
        choices = ["10:30"]
    return st.sampled_from(choices)


def value_for(field: Field) -> st.SearchStrategy[object]:
    """One field's value: what the page offers, something hostile, left out, or sent twice."""
    if field.kind == "file":
        return st.one_of(st.just(MISSING), st.binary(max_size=64).map(lambda b: ("x.pdf", b)))
    single = st.one_of(offered(field), HOSTILE_TEXT)
    return st.one_of(
        offered(field),
        HOSTILE_TEXT,
        st.just(MISSING),
        st.lists(single, min_size=2, max_size=3),
    )


@st.composite
def form_data(draw, form: Form) -> dict[str, object]:
    """Values for the form's fields (the CSRF token is the sender's business); now and then an unknown field."""
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        if name == "csrf_token":
            continue
        value = draw(value_for(field))
        if value is not MISSING:
            data[name] = value
    if draw(st.booleans()):
        data[draw(st.sampled_from(["extra", "id", "user_id", "family_id", "__proto__"]))] = draw(HOSTILE_TEXT)
    return data


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def json_like(draw, example: dict) -> object:
    """The valid example, or it with one leaf replaced, one key removed or an unknown key added; or any JSON."""
    choice = draw(st.sampled_from(["valid", "leaf", "drop", "add", "any"]))
    if choice == "any":
        return draw(JSON_VALUES)
    data = _copy(example)
    if choice == "valid":
        return data
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if choice == "leaf":
        parent[path[-1]] = draw(JSON_VALUES)
    elif choice == "drop":
        del parent[path[-1]]
    else:
        parent[draw(HOSTILE_TEXT)] = draw(JSON_VALUES)
    return data


def _copy(value):
    return {k: _copy(v) for k, v in value.items()} if isinstance(value, dict) else value


def _paths(value: dict, prefix: tuple = ()):
    for key, inner in value.items():
        yield (*prefix, key)
        if isinstance(inner, dict):
            yield from _paths(inner, (*prefix, key))
