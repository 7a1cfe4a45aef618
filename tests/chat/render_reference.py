#!/usr/bin/python3
"""Renders Jinja templates with Python's jinja2 exactly as Hugging Face
transformers' apply_chat_template does: the reference hearth's chat tests
compare against, byte for byte.

Usage: render_reference.py CASES.json RESULTS.json

CASES.json holds {"cases": [...]}, each case one of
  {"template": SOURCE, "context": {...}}  the template's variables, as given
  {"template": SOURCE, "chat": {...}}     apply_chat_template's arguments:
      messages, tools, documents, add_generation_prompt, special_tokens (the
      tokenizer's special-token map) and kwargs (chat_template_kwargs), made
      into variables the way transformers makes them.
RESULTS.json receives one entry per case, in order:
  {"output_hex": HEX}  the rendered text as UTF-8 (lone surrogates too), in hex
  {"error": "Type: message"}
Exits with status 3 when jinja2 cannot be imported.
"""

import json
import sys
from datetime import datetime

try:
    import jinja2
    import jinja2.ext
    import jinja2.nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment
except ImportError:
    print("render_reference.py: python3-jinja2 is missing; run scripts/setup", file=sys.stderr)
    sys.exit(3)

# The moment strftime_now() reads in the tests; the C++ side uses the same.
FIXED_NOW = datetime(2024, 7, 26, 9, 5, 3, 123456)


class AssistantTracker(jinja2.ext.Extension):
    """transformers' {% generation %} tag, which renders its body as is."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        call = self.call_method("_generation_support")
        return jinja2.nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _generation_support(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    # transformers' replacement for jinja2's HTML-escaping tojson.
    return json.dumps(
        x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


def strftime_now(format):
    return FIXED_NOW.strftime(format)


def make_environment():
    # transformers' _compile_jinja_template.
    environment = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, jinja2.ext.loopcontrols]
    )
    environment.filters["tojson"] = tojson
    environment.globals["raise_exception"] = raise_exception
    environment.globals["strftime_now"] = strftime_now
    return environment


def chat_variables(chat):
    # apply_chat_template: template_kwargs = {**self.special_tokens_map, **kwargs},
    # then render(messages=..., tools=..., documents=..., add_generation_prompt=...,
    # **template_kwargs).
    template_kwargs = {**chat.get("special_tokens", {}), **chat.get("kwargs", {})}
    return dict(
        messages=chat["messages"],
        tools=chat.get("tools"),
        documents=chat.get("documents"),
        add_generation_prompt=chat.get("add_generation_prompt", False),
        **template_kwargs,
    )


def render(environment, case):
    try:
        template = environment.from_string(case["template"])
        variables = chat_variables(case["chat"]) if "chat" in case else case["context"]
        output = template.render(**variables)
        return {"output_hex": output.encode("utf-8", "surrogatepass").hex()}
    except Exception as error:  # every failure is an answer: hearth must fail too
        return {"error": f"{type(error).__name__}: {error}"}


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as cases_file:
        cases = json.load(cases_file)["cases"]
    environment = make_environment()
    results = [render(environment, case) for case in cases]
    with open(sys.argv[2], "w", encoding="utf-8") as results_file:
        json.dump(results, results_file, ensure_ascii=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
