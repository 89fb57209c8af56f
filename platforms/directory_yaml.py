"""YAML that remembers where each mapping and key was, for the directory's "line N: reason"."""

import yaml


class DirectoryError(Exception):
    """The file was refused; `errors` lists every problem as "line N: reason"."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


class LineMapping(dict):
    """A YAML mapping with the line it starts on and the line of each of its keys."""

    line: int = 0
    key_lines: dict
    duplicate_keys: list

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and leaves dates as text for the checker."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    mapping = LineMapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark
            )
        if key in mapping.key_lines:
            mapping.duplicate_keys.append((key, line))
        mapping.key_lines[key] = line
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# Dates are parsed by the checker, so that a bad one is an error with its line, not a crash.
_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def parse_yaml(text: str) -> object:
    try:
        # A SafeLoader subclass: only plain data, never Python objects.
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise DirectoryError([f"line {line}: not valid YAML: {error.problem}"]) from error
    except yaml.YAMLError as error:
        raise DirectoryError([f"line 1: not valid YAML: {error}"]) from error
