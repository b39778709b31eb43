"""Enum values llama-cpp-python cannot put in a grammar are dropped from the json_object_schema request.

Its GBNF converter leaves the backslash of a JSON-escaped quote unescaped; llama.cpp then fails to parse the
grammar and crashes the process (seen with candidate spans quoting speech, e.g. ``Sunday," said Dicko``).
"""

from __future__ import annotations

import json

from extractor.engines.base import adapt_request, grammar_safe

SCHEMA = {
    "type": "object",
    "properties": {
        "site": {
            "anyOf": [{"enum": ["the market", 'Sunday," said Dicko', "a\\b"], "type": "string"}, {"type": "null"}]
        },
        "quote": {"anyOf": [{"enum": ['"all bad"'], "type": "string"}, {"type": "null"}]},
        "kind": {"enum": ["Attack", "Grenade"], "type": "string"},
    },
}


def request(schema):
    return {"messages": [], "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": schema}}}


def test_unsafe_enum_values_are_dropped_for_the_grammar_form():
    sent = adapt_request(request(SCHEMA), "json_object_schema")["response_format"]
    assert sent["type"] == "json_object"
    props = sent["schema"]["properties"]
    assert props["site"]["anyOf"][0]["enum"] == ["the market"]
    assert props["quote"]["anyOf"][0] == {"type": "null"}  # nothing left to choose: only null
    assert props["kind"] == SCHEMA["properties"]["kind"]
    assert "\\" not in json.dumps(sent["schema"])  # no escaped quote or backslash reaches the converter


def test_safe_schemas_are_sent_byte_for_byte_unchanged():
    # Cassettes match on the request body: a schema without quotes must serialize exactly as before.
    safe = {"type": "object", "properties": {"kind": {"enum": ["Attack", "Grenade"]}, "n": {"type": "integer"}}}
    assert json.dumps(grammar_safe(safe)) == json.dumps(safe)


def test_other_forms_are_left_alone():
    kwargs = request(SCHEMA)
    assert adapt_request(kwargs, "json_schema") is kwargs
