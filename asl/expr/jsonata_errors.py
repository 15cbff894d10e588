"""Error wording for JSONata failures, as AWS reports them.

AWS runs jsonata-js 2.0.6 and quotes its error ``code: message`` in the cause of
``States.QueryEvaluationError``. Our backend (jsonatapy) raises the same *codes* but words
many messages its own way, so the message is rebuilt here from the code: the catalogue
below lists the 2.0.6 message templates (``{{x}}`` inserts a JSON-encoded value, ``{{{x}}}``
a raw one) and small extractors pull the inserts out of the backend's text. Where an
insert cannot be recovered, the backend's own wording is kept rather than a wrong value.

Failures that are AWS's limits rather than JSONata errors (time, depth, memory) carry no
code; AWS joins them to its sentence with ``": "`` instead of ``". "``.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

TIMEOUT_MESSAGE = "Expression evaluation timeout: Check for infinite loop"
STACK_MESSAGE = (
    "Stack overflow error: Check for non-terminating recursive function. "
    "Consider rewriting as tail-recursive."
)
MEMORY_MESSAGE = "Expression evaluation memory limit exceeded: Check for excessive memory usage"

# jsonata-js 2.0.6 message templates (facts of the language AWS runs; codes we can meet).
TEMPLATES: dict[str, str] = {
    "S0101": "String literal must be terminated by a matching quote",
    "S0102": "Number out of range: {{token}}",
    "S0103": "Unsupported escape sequence: \\{{token}}",
    "S0104": "The escape sequence \\u must be followed by 4 hex digits",
    "S0105": "Quoted property name must be terminated with a backquote (`)",
    "S0106": "Comment has no closing tag",
    "S0201": "Syntax error: {{token}}",
    "S0202": "Expected {{value}}, got {{token}}",
    "S0203": "Expected {{value}} before end of expression",
    "S0204": "Unknown operator: {{token}}",
    "S0205": "Unexpected token: {{token}}",
    "S0206": "Unknown expression type: {{token}}",
    "S0207": "Unexpected end of expression",
    "S0208": "Parameter {{value}} of function definition must be a variable name (start with $)",
    "S0209": "A predicate cannot follow a grouping expression in a step",
    "S0210": "Each step can only have one grouping expression",
    "S0211": "The symbol {{token}} cannot be used as a unary operator",
    "S0212": "The left side of := must be a variable name (start with $)",
    "S0213": "The literal value {{value}} cannot be used as a step within a path expression",
    "S0214": "The right side of {{token}} must be a variable name (start with $)",
    "S0215": "A context variable binding must precede any predicates on a step",
    "S0216": "A context variable binding must precede the 'order-by' clause on a step",
    "S0217": "The object representing the 'parent' cannot be derived from this expression",
    "S0301": "Empty regular expressions are not allowed",
    "S0302": "No terminating / in regular expression",
    "S0402": "Choice groups containing parameterized types are not supported",
    "S0401": "Type parameters can only be applied to functions and arrays",
    "S0500": "Attempted to evaluate an expression containing syntax error(s)",
    "T0410": "Argument {{index}} of function {{token}} does not match function signature",
    "T0411": "Context value is not a compatible type with argument {{index}} of function {{token}}",
    "T0412": "Argument {{index}} of function {{token}} must be an array of {{type}}",
    "D1001": "Number out of range: {{value}}",
    "D1002": "Cannot negate a non-numeric value: {{value}}",
    "T1003": "Key in object structure must evaluate to a string; got: {{value}}",
    "D1004": "Regular expression matches zero length string",
    "T1005": "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
    "T1006": "Attempted to invoke a non-function",
    "T1007": "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
    "T1008": "Attempted to partially apply a non-function",
    "D1009": "Multiple key definitions evaluate to same key: {{value}}",
    "D1010": "Attempted to access the Javascript object prototype",
    "T1010": "The matcher function argument passed to function {{token}} does not return the correct object structure",
    "T2001": "The left side of the {{token}} operator must evaluate to a number",
    "T2002": "The right side of the {{token}} operator must evaluate to a number",
    "T2003": "The left side of the range operator (..) must evaluate to an integer",
    "T2004": "The right side of the range operator (..) must evaluate to an integer",
    "T2006": "The right side of the function application operator ~> must be a function",
    "T2007": "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
    "T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
    "T2009": "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
    "T2010": "The expressions either side of operator {{token}} must evaluate to numeric or string values",
    "T2011": "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
    "T2012": "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
    "T2013": "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
    "D2014": "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {{value}}.",
    "D3001": "Attempting to invoke string function on Infinity or NaN",
    "D3010": "Second argument of replace function cannot be an empty string",
    "D3011": "Fourth argument of replace function must evaluate to a positive number",
    "D3012": "Attempted to replace a matched string with a non-string value",
    "D3020": "Third argument of split function must evaluate to a positive number",
    "D3030": "Unable to cast value to a number: {{value}}",
    "D3040": "Third argument of match function must evaluate to a positive number",
    "D3050": "The second argument of reduce function must be a function with at least two arguments",
    "D3060": "The sqrt function cannot be applied to a negative number: {{value}}",
    "D3061": "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}",
    "D3070": "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
    "D3080": "The picture string must only contain a maximum of two sub-pictures",
    "D3081": "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
    "D3082": "The sub-picture must not contain more than one instance of the 'percent' character",
    "D3083": "The sub-picture must not contain more than one instance of the 'per-mille' character",
    "D3084": "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
    "D3085": "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
    "D3086": "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
    "D3087": "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
    "D3088": "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
    "D3089": "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
    "D3090": "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
    "D3091": "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
    "D3092": "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
    "D3093": "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
    "D3100": "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}",
    "D3110": "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}",
    "D3130": "Formatting or parsing an integer as a sequence starting with {{value}} is not supported by this implementation",
    "D3131": "In a decimal digit pattern, all digits must be from the same decimal group",
    "D3132": "Unknown component specifier {{value}} in date/time picture string",
    "D3133": "The 'name' modifier can only be applied to months and days in the date/time picture string, not {{value}}",
    "D3134": "The timezone integer format specifier cannot have more than four digits",
    "D3135": "No matching closing bracket ']' in date/time picture string",
    "D3136": "The date/time picture string is missing specifiers required to parse the timestamp",
    "D3137": "{{{message}}}",
    "D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
    "D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
    "D3140": "Malformed URL passed to ${{{functionName}}}(): {{value}}",
    "D3141": "{{{message}}}",
}

# Backend codes that are limits, not JSONata errors, and the AWS text for each.
LIMIT_MESSAGES: dict[str, str] = {
    "D1012": TIMEOUT_MESSAGE,
    "D1011": STACK_MESSAGE,
    "U1001": STACK_MESSAGE,
    "U1002": STACK_MESSAGE,
    "D2015": MEMORY_MESSAGE,
}

_CODE = re.compile(r"\b([STDU]\d{4})\b:?\s*")
_SIGNATURE_TYPES = {
    "Number": "numbers", "String": "strings", "Boolean": "booleans",
    "Object": "objects", "Array": "arrays", "Function": "functions",
}


@dataclass(frozen=True)
class Failure:
    """One evaluation failure in AWS's terms: ``code`` is None for limits and odd errors."""

    code: str | None
    message: str

    def detail(self) -> str:
        """The part AWS appends after 'threw an error during evaluation'."""
        if self.code is None:
            return f": {self.message}"
        return f". {self.code}: {self.message}"


def js_json(value: Any) -> str:
    """``JSON.stringify`` of a JSON value: compact, integral numbers without a fraction."""
    return json.dumps(_js_numbers(value), separators=(",", ":"), ensure_ascii=False)


def js_number(value: float | str) -> int | float:
    """A double (or the JSON text of one: this is the adapter's ``parse_float``) as
    JavaScript holds and prints it: integral values below 1e21 are integers."""
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 1e21 else number


def _js_numbers(value: Any) -> Any:
    if isinstance(value, float):
        return js_number(value) if math.isfinite(value) else None
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _js_numbers(v) for k, v in value.items()}
    return value


def render(code: str, **inserts: Any) -> str:
    """Fill a 2.0.6 template the way jsonata-js's ``populateMessage`` does."""
    template = TEMPLATES[code]
    text = re.sub(r"\{\{\{([^}]+)}}}", lambda m: str(inserts.get(m.group(1), "")), template)
    return re.sub(r"\{\{([^}]+)}}", lambda m: _stringify(inserts.get(m.group(1))), text)


def _stringify(value: Any) -> str:
    return "undefined" if value is None else js_json(value)


def split_code(text: str) -> tuple[str | None, str]:
    """Find the JSONata code in a backend message; returns (code, the text after it)."""
    match = _CODE.search(text)
    if match is None:
        return None, text.strip()
    return match.group(1), text[match.end():].strip()


def from_backend(text: str, source: str = "") -> Failure:
    """Turn a backend error message into AWS's wording for the same failure.

    ``source`` (the expression) lets a signature error name the function the way
    jsonata-js does when the backend leaves the name out.
    """
    code, rest = split_code(text)
    if code is None:
        return Failure(None, _strip_prefixes(rest))
    if code in LIMIT_MESSAGES:
        return Failure(None, LIMIT_MESSAGES[code])
    if code not in TEMPLATES:
        return Failure(code, rest)
    inserts = _EXTRACTORS.get(code, _no_inserts)(rest, source)
    if inserts is None:
        return Failure(code, rest)
    return Failure(code, render(code, **inserts))


def _strip_prefixes(text: str) -> str:
    for prefix in ("Parse error: ", "Invalid syntax: ", "Argument error: "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text


def _needs_inserts(code: str) -> bool:
    return "{{" in TEMPLATES[code]


def _no_inserts(rest: str, source: str) -> dict[str, Any] | None:
    return None


def _operator(rest: str, source: str) -> dict[str, Any] | None:
    match = re.search(r"side of the (\S+) operator", rest)
    return {"token": match.group(1)} if match else None


def _quoted_operator(rest: str, source: str) -> dict[str, Any] | None:
    match = re.search(r'operator "([^"]+)"', rest)
    return {"token": match.group(1)} if match else None


def _json_after(marker: str) -> Callable[[str, str], dict[str, Any] | None]:
    def extract(rest: str, source: str) -> dict[str, Any] | None:
        index = rest.find(marker)
        if index < 0:
            return None
        try:
            return {"value": json.loads(rest[index + len(marker):].strip())}
        except ValueError:
            return None

    return extract


def _single_quoted_value(rest: str, source: str) -> dict[str, Any] | None:
    match = re.fullmatch(r"Cannot convert '(.*)' to number", rest, re.S)
    return {"value": match.group(1)} if match else None


def _power(rest: str, source: str) -> dict[str, Any] | None:
    match = re.search(r"base=(\S+), exponent=(\S+)$", rest)
    if not match:
        return None
    try:
        return {"value": json.loads(match.group(1)), "exp": json.loads(match.group(2))}
    except ValueError:
        return None


def _raw_message(rest: str, source: str) -> dict[str, Any] | None:
    return {"message": rest}


def _did_you_mean(rest: str, source: str) -> dict[str, Any] | None:
    match = re.search(r"Did you mean \$(\S+?)\?", rest)
    return {"token": match.group(1)} if match else None


def _radix(rest: str, source: str) -> dict[str, Any] | None:
    match = re.search(r"got (-?[\d.]+)$", rest)
    return {"value": json.loads(match.group(1))} if match else None


def _signature(rest: str, source: str) -> dict[str, Any] | None:
    name = _called_function(source)
    index = re.search(r"Argument (\d+)", rest)
    if name is None or index is None:
        return None
    inserts: dict[str, Any] = {"index": int(index.group(1)), "token": name}
    kind = re.search(r"array of (\w+)", rest)
    if kind:
        inserts["type"] = _SIGNATURE_TYPES.get(kind.group(1), kind.group(1).lower() + "s")
    return inserts


def _context_signature(rest: str, source: str) -> dict[str, Any] | None:
    name = _called_function(source)
    return None if name is None else {"index": 1, "token": name}


def _called_function(source: str) -> str | None:
    """The one function called in ``source``, if there is exactly one (else unknown)."""
    names = set(re.findall(r"\$(\w+)\s*\(", source))
    return names.pop() if len(names) == 1 else None


_EXTRACTORS: dict[str, Callable[[str, str], dict[str, Any] | None]] = {
    "T2001": _operator,
    "T2002": _operator,
    "T2010": _quoted_operator,
    "T1003": _json_after("got:"),
    "D1009": _json_after("same key:"),
    "D3060": _json_after("negative number:"),
    "D3110": _json_after("Given"),
    "D3030": _single_quoted_value,
    "D3061": _power,
    "D3137": _raw_message,
    "D3141": _raw_message,
    "T1005": _did_you_mean,
    "T1007": _did_you_mean,
    "D3100": _radix,
    "T0410": _signature,
    "T0412": _signature,
    "T0411": _context_signature,
}

for _code in TEMPLATES:
    if not _needs_inserts(_code):
        _EXTRACTORS.setdefault(_code, lambda rest, source: {})
