"""The user's query language, parsed into a small tree before any index sees it.

Why our own parser: legal staff type phrases full of characters that mean
something to Whoosh's parser (（一）, 第*条, ~, ^, :), and a syntax error must be
a readable `BadQuery`, never a traceback. The language is deliberately small:

* words separated by spaces are ANDed: `征收 补偿`
* a quoted phrase is matched literally: `"永久基本农田"` (ASCII or “ ” 「 」 quotes)
* `AND`, `OR` (or `|`), `NOT` (or a leading `-`), and ASCII parentheses;
  NOT binds tighter than AND, AND tighter than OR.

>>> parse('征收 补偿')
And(items=(Leaf(text='征收', quoted=False), Leaf(text='补偿', quoted=False)))
>>> parse('“永久基本农田” OR 基本农田 NOT 临时')
Or(items=(Leaf(text='永久基本农田', quoted=True), And(items=(Leaf(text='基本农田', quoted=False), Not(item=Leaf(text='临时', quoted=False))))))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

from registry.core.errors import BadQuery

MAX_QUERY_CHARS = 256
OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "”": "”"}
_SEARCHABLE = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Leaf:
    text: str
    quoted: bool


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


Node = Union[Leaf, And, Or, Not]


def _lex(q: str) -> Iterator[tuple[str, str]]:
    """(kind, text) tokens: 'leaf'/'phrase' carry text; 'and'/'or'/'not'/'('/')' are operators."""
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in OPEN_QUOTES:
            close = OPEN_QUOTES[c]
            j = q.find(close, i + 1)
            if j < 0:
                raise BadQuery(f"unbalanced quote: {c} at character {i + 1} is never closed")
            yield "phrase", q[i + 1:j]
            i = j + 1
        elif c in "()":
            yield c, c
            i += 1
        elif c == "|":
            yield "or", c
            i += 1
        elif c in "」』":
            raise BadQuery(f"unbalanced quote: {c} at character {i + 1} closes nothing")
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in OPEN_QUOTES and q[j] not in "()|」』":
                j += 1
            word = q[i:j]
            i = j
            if word in ("AND", "&&", "&"):
                yield "and", word
            elif word == "OR":
                yield "or", word
            elif word == "NOT":
                yield "not", word
            elif word.startswith("-") and len(word) > 1:
                yield "not", "-"
                yield "leaf", word[1:]
            else:
                yield "leaf", word


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek() == "or":
            self.take()
            if self.peek() in (None, ")", "or", "and"):
                raise BadQuery("OR needs a term on both sides")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_not()]
        while self.peek() not in (None, ")", "or"):
            if self.peek() == "and":
                self.take()
                if self.peek() in (None, ")", "or", "and"):
                    raise BadQuery("AND needs a term on both sides")
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_not(self) -> Node:
        if self.peek() == "not":
            self.take()
            if self.peek() in (None, ")", "or", "and"):
                raise BadQuery("NOT needs a term after it")
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        kind = self.peek()
        if kind is None:
            raise BadQuery("the query ends where a term was expected")
        if kind == "(":
            self.take()
            if self.peek() == ")":
                raise BadQuery("empty parentheses")
            node = self.parse_or()
            if self.peek() != ")":
                raise BadQuery("unbalanced parentheses: a ( is never closed")
            self.take()
            return node
        if kind == ")":
            raise BadQuery("unbalanced parentheses: a ) closes nothing")
        if kind in ("and", "or"):
            raise BadQuery(f"{self.tokens[self.i][1]} needs a term before it")
        _, text = self.take()
        if kind == "phrase" and not text.strip():
            raise BadQuery("an empty quoted phrase matches nothing")
        return Leaf(text.strip() if kind == "phrase" else text, kind == "phrase")


def parse(q: str) -> Node:
    """The query tree, or BadQuery with a message a user can act on."""
    if q is None or not q.strip():
        raise BadQuery("empty query: type a word or a quoted phrase")
    if len(q) > MAX_QUERY_CHARS:
        raise BadQuery(f"query too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    tokens = list(_lex(q.strip()))
    if not tokens:
        raise BadQuery("empty query: type a word or a quoted phrase")
    p = _Parser(tokens)
    node = p.parse_or()
    if p.peek() is not None:
        raise BadQuery("unbalanced parentheses: a ) closes nothing")
    if not any(_SEARCHABLE.search(leaf.text) for leaf in positive_leaves(node)):
        raise BadQuery("the query has nothing to search for: give at least one word, "
                       "number or phrase outside NOT (punctuation alone is not searchable)")
    return node


def leaves(node: Node) -> list[Leaf]:
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return leaves(node.item)
    return [leaf for item in node.items for leaf in leaves(item)]


def positive_leaves(node: Node) -> list[Leaf]:
    """Leaves that are not under a NOT: what a hit must show (snippets, highlighting)."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return []
    return [leaf for item in node.items for leaf in positive_leaves(item)]


def without_not(node: Node) -> Node:
    """The positive part of a query, for article-level candidates (NOT applies inside the unit)."""
    if isinstance(node, (And, Or)):
        items = tuple(without_not(i) for i in node.items if not isinstance(i, Not))
        return type(node)(items) if len(items) != 1 else items[0]
    return node


def has_quotes(node: Node) -> bool:
    return any(leaf.quoted for leaf in leaves(node))


def matches_text(node: Node, text: str) -> bool:
    """Literal evaluation on one text (a paragraph, a sentence, a title)."""
    if isinstance(node, Leaf):
        return node.text in text
    if isinstance(node, Not):
        return not matches_text(node.item, text)
    if isinstance(node, And):
        return all(matches_text(i, text) for i in node.items)
    return any(matches_text(i, text) for i in node.items)
